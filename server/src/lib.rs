//! bantin-server: the counter service for bantin (online visitors, visits, page views, ad events)
//! that also serves the built app (`dist/`).
//!
//! Layout:
//! - [`config`]: command line flags and environment variables.
//! - [`clock`]: the injectable clock and the site time zone (days and weeks roll at local midnight).
//! - [`store`]: the counting rules behind one trait, [`store::Store`], with a SQLite and a Redis backend.
//! - [`api`]: the HTTP API (validation, bot filter, SSE).
//! - [`comments`]: comments on articles with moderation (a subset of WordPress's REST API).
//! - [`conn`]: the accept loop: caps on open connections, header-read and idle timeouts.
//! - [`ratelimit`]: the per-client token bucket (in memory, hashed keys, forgotten when idle).
//! - [`search`]: full-text search of the JSON Feed's whole archive (SQLite FTS5, refreshed).
//! - [`static_files`]: the built app with SPA fallback and cache headers.
//! - [`app`]: wiring: router, background tasks (flush, live stats), graceful shutdown.

pub mod api;
pub mod app;
pub mod clock;
pub mod comments;
pub mod config;
pub mod conn;
pub mod ratelimit;
pub mod search;
pub mod static_files;
pub mod store;
