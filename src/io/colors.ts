/** Terminal colour for output text. Whether to colour is decided once, by the CLI, from the TTY and NO_COLOR. */
import { Chalk, type ChalkInstance } from 'chalk';

export function makeColors(enabled: boolean): ChalkInstance {
  return new Chalk({ level: enabled ? 1 : 0 });
}
