package dunes.changes;

import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code dunes.change-management.*}: where build outcomes are reported.
 *
 * @param callbackUrl receives a POST per outcome; none configured means outcomes stay in history only
 * @param username Basic user for the callback, if the receiver asks for one
 * @param passwordRef secret reference of that user's password
 * @param timeout connect and response timeout of one delivery attempt
 */
@ConfigurationProperties("dunes.change-management")
public record ChangeManagementProperties(URI callbackUrl, String username, String passwordRef, Duration timeout) {

  public ChangeManagementProperties {
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
  }
}
