/**
 * LoopBound: CPython's `mixins._LoopBoundMixin` (asyncio/mixins.py). A lock,
 * event, condition, semaphore, barrier or queue belongs to no loop when it is
 * made; the first time it needs one (the first time a caller must wait) it is
 * bound to the running loop, and using it from another loop afterwards raises
 * RuntimeError. As in CPython, uses that never wait never look at the loop.
 *
 * Owns: the binding and its error. Must not: look the loop up anywhere else
 * than where CPython calls `_get_loop()`.
 */
import { RuntimeError } from './errors.js';
import { getRunningLoop, type EventLoop } from './loop.js';

export abstract class LoopBound {
  private _loop: EventLoop | null = null;

  /**
   * `_get_loop()`. CPython binds whatever `_get_running_loop()` returns, even
   * None, and fails later; here no running loop is the clear RuntimeError of
   * getRunningLoop() and nothing is bound.
   */
  protected _getLoop(): EventLoop {
    const loop = getRunningLoop();
    if (this._loop === null) this._loop = loop;
    if (loop !== this._loop) throw new RuntimeError(`${this} is bound to a different event loop`);
    return loop;
  }
}
