/**
 * Every message, per language: the namespaces merged into one flat map of ids
 * ("sell.title"). English is the reference: its ids are the type `MessageId`, and a test
 * checks that every language has exactly the same ids with the same ICU arguments.
 */
import en_common from './messages/en/common.json';
import en_app from './messages/en/app.json';
import en_signIn from './messages/en/signIn.json';
import en_sell from './messages/en/sell.json';
import en_sessions from './messages/en/sessions.json';
import en_settings from './messages/en/settings.json';
import en_routers from './messages/en/routers.json';
import en_components from './messages/en/components.json';
import en_format from './messages/en/format.json';
import en_history from './messages/en/history.json';
import en_reports from './messages/en/reports.json';
import en_batches from './messages/en/batches.json';
import en_radius from './messages/en/radius.json';
import en_hotspot from './messages/en/hotspot.json';
import en_summary from './messages/en/summary.json';
import en_devices from './messages/en/devices.json';
import en_owner from './messages/en/owner.json';
import en_errors from './messages/en/errors.json';
import fil_common from './messages/fil/common.json';
import fil_app from './messages/fil/app.json';
import fil_signIn from './messages/fil/signIn.json';
import fil_sell from './messages/fil/sell.json';
import fil_sessions from './messages/fil/sessions.json';
import fil_settings from './messages/fil/settings.json';
import fil_routers from './messages/fil/routers.json';
import fil_components from './messages/fil/components.json';
import fil_format from './messages/fil/format.json';
import fil_history from './messages/fil/history.json';
import fil_reports from './messages/fil/reports.json';
import fil_batches from './messages/fil/batches.json';
import fil_radius from './messages/fil/radius.json';
import fil_hotspot from './messages/fil/hotspot.json';
import fil_summary from './messages/fil/summary.json';
import fil_devices from './messages/fil/devices.json';
import fil_owner from './messages/fil/owner.json';
import fil_errors from './messages/fil/errors.json';
import id_common from './messages/id/common.json';
import id_app from './messages/id/app.json';
import id_signIn from './messages/id/signIn.json';
import id_sell from './messages/id/sell.json';
import id_sessions from './messages/id/sessions.json';
import id_settings from './messages/id/settings.json';
import id_routers from './messages/id/routers.json';
import id_components from './messages/id/components.json';
import id_format from './messages/id/format.json';
import id_history from './messages/id/history.json';
import id_reports from './messages/id/reports.json';
import id_batches from './messages/id/batches.json';
import id_radius from './messages/id/radius.json';
import id_hotspot from './messages/id/hotspot.json';
import id_summary from './messages/id/summary.json';
import id_devices from './messages/id/devices.json';
import id_owner from './messages/id/owner.json';
import id_errors from './messages/id/errors.json';
import type { Language } from './languages';

/** The namespaces, each one message file per language. */
export const namespaces = ['common', 'app', 'signIn', 'sell', 'sessions', 'settings', 'routers', 'components', 'format', 'history', 'reports', 'batches', 'radius', 'hotspot', 'summary', 'devices', 'owner', 'errors'] as const;

const en = { ...en_common, ...en_app, ...en_signIn, ...en_sell, ...en_sessions, ...en_settings, ...en_routers, ...en_components, ...en_format, ...en_history, ...en_reports, ...en_batches, ...en_radius, ...en_hotspot, ...en_summary, ...en_devices, ...en_owner, ...en_errors };

/** A message id (English has them all). */
export type MessageId = keyof typeof en;

/** The messages of each language, by id. */
export const catalogs: Record<Language, Record<string, string>> = {
  en,
  fil: { ...fil_common, ...fil_app, ...fil_signIn, ...fil_sell, ...fil_sessions, ...fil_settings, ...fil_routers, ...fil_components, ...fil_format, ...fil_history, ...fil_reports, ...fil_batches, ...fil_radius, ...fil_hotspot, ...fil_summary, ...fil_devices, ...fil_owner, ...fil_errors },
  id: { ...id_common, ...id_app, ...id_signIn, ...id_sell, ...id_sessions, ...id_settings, ...id_routers, ...id_components, ...id_format, ...id_history, ...id_reports, ...id_batches, ...id_radius, ...id_hotspot, ...id_summary, ...id_devices, ...id_owner, ...id_errors },
};
