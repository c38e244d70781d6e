//! The latest-news list alone, for a portal's page (src/widgets/latest.rs, docs/embed.md).

bantin::widget_binary!(bantin::widgets::mount_latest);
