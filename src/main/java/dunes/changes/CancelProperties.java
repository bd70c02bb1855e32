package dunes.changes;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.cancel.*}.
 *
 * @param waitForBuild how long a recorded cancel looks for a build of its ticket that is not there
 *     yet: a start that was in flight when the cancel came commits well within it; a later start is
 *     refused (the ticket is cancelled)
 */
@ConfigurationProperties("dunes.cancel")
public record CancelProperties(Duration waitForBuild) {

  public CancelProperties {
    waitForBuild = waitForBuild == null ? Duration.ofMinutes(1) : waitForBuild;
  }
}
