//! The visitor box alone, for a portal's page (src/widgets/visitors.rs, docs/embed.md).

bantin::widget_binary!(bantin::widgets::mount_visitors);
