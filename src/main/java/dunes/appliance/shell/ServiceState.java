package dunes.appliance.shell;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The vco-server service as {@code service vco-server status} reports it. */
public enum ServiceState {
  STOPPED,
  STARTING,
  RUNNING,
  /** up, but the cluster already has its number of active nodes */
  STANDBY;

  private static final Pattern STATUS_LINE =
      Pattern.compile("(?m)^\\s*vco-server is (RUNNING|STARTING|STANDBY|STOPPED)\\s*$", Pattern.CASE_INSENSITIVE);
  /** LSB status codes: 0 running, 3 not running */
  private static final int UP = 0;
  private static final int NOT_RUNNING = 3;

  /**
   * Reads "vco-server is &lt;STATE&gt;" with exit status 0 (up) or 3 (STOPPED). The real init
   * script's wording is *unverified*; anything else is refused rather than guessed.
   *
   * @param where how messages name the call
   */
  static ServiceState fromStatus(String where, CommandResult result) {
    if (result.exitCode() != UP && result.exitCode() != NOT_RUNNING) {
      throw new ShellCommandException(where + " exited with status " + result.exitCode()
          + " (expected 0 or 3): " + quote(result.stderr().isBlank() ? result.stdout() : result.stderr()),
          result.exitCode(), result.stderr());
    }
    Matcher line = STATUS_LINE.matcher(result.stdout());
    if (!line.find()) {
      throw new ShellProtocolException(where + " answered " + quote(result.stdout()) + " with exit status "
          + result.exitCode() + "; expected a line \"vco-server is RUNNING|STARTING|STANDBY|STOPPED\"");
    }
    ServiceState state = valueOf(line.group(1).toUpperCase(Locale.ROOT));
    if ((state == STOPPED) != (result.exitCode() == NOT_RUNNING)) {
      throw new ShellProtocolException(where + " answered " + quote(result.stdout()) + " with exit status "
          + result.exitCode() + ", which contradict each other (3 means stopped, 0 up)");
    }
    return state;
  }

  private static String quote(String output) {
    String text = output.strip();
    if (text.length() > 500) {
      text = text.substring(0, 500) + "…";
    }
    return text.isEmpty() ? "nothing" : "'" + text + "'";
  }
}
