import type { presentDelivery, presentEmailSettings, presentWebhook } from "@/server/notifications/present";

export type TEmailView = ReturnType<typeof presentEmailSettings>;
export type TWebhookView = ReturnType<typeof presentWebhook>;
export type TDeliveryView = ReturnType<typeof presentDelivery>;
export interface TNotificationSettings {
  email: TEmailView;
  webhooks: TWebhookView[];
}
export const SETTINGS_KEY = ["notification-settings"];
export const DELIVERIES_KEY = ["notification-deliveries"];
