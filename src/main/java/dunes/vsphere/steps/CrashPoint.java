package dunes.vsphere.steps;

/**
 * A named moment right after a non-idempotent vSphere call returned and before its job commits
 * ("clone started", "import lease recorded"): the window a crash leaves a marker without the job's
 * variables. The product reaches them silently; a test (or the crash suite) passes one that throws
 * or stops the JVM there, and checks that the next run finds the effect instead of making it again.
 */
@FunctionalInterface
public interface CrashPoint {

  CrashPoint NONE = point -> {};

  /** Called at {@code point}; whatever it throws ends the job as a crash would, before its commit. */
  void reached(String point);
}
