package dunes.appliance.shell;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * {@code dunes.appliance.shell.*}: timeouts and bounds of the node shell client.
 *
 * @param connectTimeout TCP connect to the node's sshd
 * @param authTimeout key exchange (host key check included), then the password login
 * @param commandTimeout one exec command from channel open to its exit; also the longest wait for
 *     one SFTP answer. {@code service vco-server restart} on an appliance may take minutes
 * @param maxOutput bound of each of a command's stdout and stderr; more is cut ({@link CommandResult#truncated()})
 * @param maxFile the largest file {@code download} reads
 */
@ConfigurationProperties("dunes.appliance.shell")
public record NodeShellProperties(Duration connectTimeout, Duration authTimeout, Duration commandTimeout,
    DataSize maxOutput, DataSize maxFile) {

  public NodeShellProperties {
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    authTimeout = authTimeout == null ? Duration.ofSeconds(30) : authTimeout;
    commandTimeout = commandTimeout == null ? Duration.ofMinutes(5) : commandTimeout;
    maxOutput = maxOutput == null ? DataSize.ofKilobytes(64) : maxOutput;
    maxFile = maxFile == null ? DataSize.ofMegabytes(16) : maxFile;
    for (Duration timeout : new Duration[] {connectTimeout, authTimeout, commandTimeout}) {
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("dunes.appliance.shell timeouts must be positive: " + timeout);
      }
    }
    if (maxOutput.toBytes() <= 0 || maxFile.toBytes() <= 0 || maxFile.toBytes() > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("dunes.appliance.shell.max-output and max-file must be positive and below 2 GB");
    }
  }

  public static NodeShellProperties defaults() {
    return new NodeShellProperties(null, null, null, null, null);
  }
}
