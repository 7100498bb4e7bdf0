export { startAlerts, type AlertsOptions } from './startAlerts';
export { canNotify, requestNotificationPermission } from './desktopNotify';
