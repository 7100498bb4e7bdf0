export { startAlerts, type AlertsOptions } from './startAlerts';
