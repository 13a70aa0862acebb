/**
 * The page's work and its messages: every user action runs through {@link Activity.run}, which
 * shows what is going on in the status line and turns any failure into a message in the alert
 * box (`role="alert"`) — never a stack trace — so the page keeps working after bad input.
 *
 * @module
 */

/** Mount folders of io-nexus' WORKERFS (`/pandaas-workerfs/3/`), meaningless to the user. */
const MOUNT_FOLDER = /\/pandaas-workerfs\/\d+\//g;

/**
 * A failure as one readable message: the error's message (its stack is never shown), without
 * the worker's internal mount folders.
 *
 * @example
 * ```ts
 * describeError(new Error('/pandaas-workerfs/2/x.h5: x.h5 is not an HDF5 file')); // 'x.h5: x.h5 is not an HDF5 file'
 * ```
 */
export function describeError(err: unknown): string {
  const text = err instanceof Error ? err.message || err.name : String(err);
  const message = text.replace(MOUNT_FOLDER, '').trim();
  return message.length > 800 ? `${message.slice(0, 800)}…` : message;
}

/**
 * Runs the page's actions, counts those in flight, and shows their status and failures.
 *
 * @example
 * ```ts
 * const activity = new Activity(byId('status', HTMLElement), byId('alert', HTMLElement), byId('alert-text', HTMLElement));
 * await activity.run('Integrating', 'Could not integrate', () => panel.integrate());
 * ```
 */
export class Activity {
  readonly #status: HTMLElement;
  readonly #alert: HTMLElement;
  readonly #alertText: HTMLElement;
  #running = 0;
  #waiting: (() => void)[] = [];

  /** Uses `status` for progress, and `alert` (holding `alertText`) for failures. */
  constructor(status: HTMLElement, alert: HTMLElement, alertText: HTMLElement) {
    this.#status = status;
    this.#alert = alert;
    this.#alertText = alertText;
    document.body.dataset.busy = 'false';
  }

  /**
   * Runs `task`, saying `label` meanwhile. A failure adds the alert `what: message` and the
   * promise resolves to undefined.
   *
   * @example
   * ```ts
   * await activity.run('Opening scan.nxs', 'Could not open scan.nxs', () => open(file));
   * ```
   */
  async run<T>(label: string, what: string, task: () => Promise<T>): Promise<T | undefined> {
    this.#running++;
    document.body.dataset.busy = 'true';
    this.#status.textContent = `${label}…`;
    try {
      return await task();
    } catch (err) {
      this.alert(`${what}: ${describeError(err)}`);
      return undefined;
    } finally {
      if (--this.#running === 0) {
        this.#status.textContent = '';
        document.body.dataset.busy = 'false';
        for (const resolve of this.#waiting.splice(0)) resolve();
      }
    }
  }

  /** Adds `message` to the alert box, one paragraph each, and shows it. */
  alert(message: string): void {
    const paragraph = document.createElement('p');
    paragraph.textContent = message;
    this.#alertText.append(paragraph);
    this.#alert.hidden = false;
  }

  /** Empties and hides the alert box (at the start of each user action). */
  clearAlert(): void {
    this.#alert.hidden = true;
    this.#alertText.replaceChildren();
  }

  /** Resolves when no action is running. */
  idle(): Promise<void> {
    return this.#running === 0 ? Promise.resolve() : new Promise((resolve) => this.#waiting.push(resolve));
  }
}
