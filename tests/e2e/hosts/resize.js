// The one line docs/embed.md gives a portal for bantin's iframes: each frame takes the height its widget reports.
addEventListener('message', (e) => { for (const f of document.querySelectorAll('iframe')) if (f.contentWindow === e.source && e.data && e.data.bantin === 'height') f.style.height = `${e.data.height}px`; });
