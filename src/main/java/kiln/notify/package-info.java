/**
 * Notify: where alerts go once they fire. Channels (webhooks, the workbench's desktop notice) are
 * rows of notification_channel, routed per rule by alert_rule_channel; every ended delivery is a row
 * of notification_delivery. See docs/decisions/0012-notification-channels.md.
 */
package kiln.notify;
