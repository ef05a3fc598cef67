/** Desktop notifications: the words come from the core (notices.ts); silent, because a developer is at work. */
import { Notification } from 'electron';
import type { Notifier } from '../core/desktop/notices';

export function createNotifier(): Notifier {
  return {
    notify(notice) {
      if (!Notification.isSupported()) return;
      new Notification({ title: notice.title, body: notice.body, silent: true }).show();
    },
  };
}
