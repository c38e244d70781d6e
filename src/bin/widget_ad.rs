//! An ad slot alone, for a portal's page (src/widgets/ad.rs, docs/embed.md).

bantin::widget_binary!(bantin::widgets::mount_ad);
