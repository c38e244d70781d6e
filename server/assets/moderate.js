// The moderator page of bantin-server's comments (docs/comments.md): held comments, newest first,
// with Approve and Delete. The token is kept in sessionStorage only (gone with the tab) and sent
// as a Bearer header. Text from comments only ever goes in through textContent: nothing here
// parses HTML (the page's CSP also requires Trusted Types, so an HTML sink would throw).
'use strict';

(function () {
  var KEY = 'bantin.admin-token';
  // URLs relative to this page (…/api/comments/moderate), so a proxy's sub-path keeps working.
  var PAGE_SIZE = 100;
  var token = '';
  var total = 0;

  function $(id) { return document.getElementById(id); }

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function remember(t) {
    token = t;
    var s = storage();
    if (!s) return;
    try {
      if (t) s.setItem(KEY, t); else s.removeItem(KEY);
    } catch (e) { /* storage full or blocked: the token lives in this page only */ }
  }

  function say(text) { $('status').textContent = text; }

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function show(signedIn) {
    $('signin').hidden = signedIn;
    $('panel').hidden = !signedIn;
    if (!signedIn) $('token').focus();
  }

  function signOut(message) {
    remember('');
    $('list').replaceChildren();
    show(false);
    say(message || '');
  }

  // A request with the token; a 401 signs out with the server's reason.
  function call(method, path) {
    return fetch(path, {
      method: method,
      headers: { Authorization: 'Bearer ' + token },
      cache: 'no-store',
      credentials: 'omit',
    }).then(function (resp) {
      if (resp.status !== 401) return resp;
      return resp.json().catch(function () { return {}; }).then(function (body) {
        signOut('Mã không đúng hoặc chưa bật kiểm duyệt (wrong token, or moderation is off)' +
          (body && body.message ? ': ' + body.message : '.'));
        throw new Error('unauthorized');
      });
    });
  }

  function showCount() {
    $('count').textContent = total + ' bình luận chờ duyệt (pending)';
  }

  function load() {
    say('Đang tải… (loading)');
    call('GET', 'pending?per_page=' + PAGE_SIZE).then(function (resp) {
      if (!resp.ok) throw new Error('HTTP ' + resp.status);
      var header = Number(resp.headers.get('X-WP-Total'));
      return resp.json().then(function (items) {
        total = Number.isFinite(header) && header > 0 ? header : items.length;
        render(Array.isArray(items) ? items : []);
      });
    }).catch(function (e) {
      if (e.message !== 'unauthorized') say('Không tải được (could not load): ' + e.message);
    });
  }

  function render(items) {
    var list = $('list');
    list.replaceChildren();
    items.forEach(function (c) { list.append(item(c)); });
    showCount();
    if (!items.length) say('Không có bình luận nào chờ duyệt. (Nothing is waiting.)');
    else if (total > items.length) say('Đang hiện ' + items.length + ' bình luận mới nhất (showing the newest ' + items.length + ').');
    else say('');
  }

  function item(c) {
    var li = el('li', 'comment');
    var who = el('p', 'meta');
    who.append(el('strong', null, String(c.author_name)), ' · ', el('span', 'email', String(c.author_email)));
    var where = el('p', 'meta');
    where.append(
      'Bài (article): ', el('code', null, String(c.post)),
      ' · ' + String(c.date) + ' · #' + String(c.id));
    if (c.parent) where.append(' · trả lời (reply to) #' + String(c.parent));
    var text = el('div', 'text', String((c.content && c.content.raw) || ''));
    var actions = el('p', 'actions');
    var approve = el('button', 'approve', 'Duyệt (approve)');
    var remove = el('button', 'delete', 'Xoá (delete)');
    approve.type = 'button';
    remove.type = 'button';
    var id = encodeURIComponent(String(c.id));
    approve.addEventListener('click', function () {
      act(li, [approve, remove], 'POST', id + '/approve', 'Đã duyệt (approved) #' + c.id);
    });
    remove.addEventListener('click', function () {
      if (!window.confirm('Xoá bình luận #' + c.id + '? (Delete for good?)')) return;
      act(li, [approve, remove], 'DELETE', id, 'Đã xoá (deleted) #' + c.id);
    });
    actions.append(approve, remove);
    li.append(who, where, text, actions);
    return li;
  }

  function act(li, buttons, method, path, done) {
    buttons.forEach(function (b) { b.disabled = true; });
    call(method, path).then(function (resp) {
      // 404: someone else handled it already; either way it is no longer pending.
      if (resp.ok || resp.status === 404) {
        li.remove();
        total = Math.max(0, total - 1);
        showCount();
        say(done);
        return;
      }
      throw new Error('HTTP ' + resp.status);
    }).catch(function (e) {
      buttons.forEach(function (b) { b.disabled = false; });
      if (e.message !== 'unauthorized') say('Không thực hiện được (failed): ' + e.message);
    });
  }

  function start() {
    $('signin').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var t = $('token').value.trim();
      $('token').value = '';
      if (!t) return;
      remember(t);
      show(true);
      load();
    });
    $('reload').addEventListener('click', load);
    $('signout').addEventListener('click', function () { signOut('Đã đăng xuất. (Signed out.)'); });
    var s = storage();
    var saved = '';
    try { saved = (s && s.getItem(KEY)) || ''; } catch (e) { saved = ''; }
    if (saved) {
      token = saved;
      show(true);
      load();
    } else {
      show(false);
    }
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
