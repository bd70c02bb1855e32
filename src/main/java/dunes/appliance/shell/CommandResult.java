package dunes.appliance.shell;

/**
 * What a command run over SSH exec answered.
 *
 * @param stdout standard output, UTF-8, at most {@link NodeShellProperties#maxOutput()} bytes
 * @param stderr standard error, the same bound
 * @param truncated true when either stream was longer than the bound and cut
 */
public record CommandResult(int exitCode, String stdout, String stderr, boolean truncated) {

  public boolean succeeded() {
    return exitCode == 0;
  }
}
