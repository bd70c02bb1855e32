package dunes.lab;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * HTTP Basic for the lab's servers: the JDK's own authenticator, checking one user in constant
 * time. Set it on a context, or ask {@link #accepts} where a system answers 401 its own way.
 */
public final class LabBasicAuth extends BasicAuthenticator {

  private final String username;
  private final byte[] password;

  public LabBasicAuth(String realm, String username, String password) {
    super(realm, StandardCharsets.UTF_8);
    this.username = username;
    this.password = password.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public boolean checkCredentials(String user, String given) {
    return username.equals(user) && MessageDigest.isEqual(password, given.getBytes(StandardCharsets.UTF_8));
  }

  /** True when the request carries this user's credentials. */
  public boolean accepts(HttpExchange exchange) {
    return authenticate(exchange) instanceof Success;
  }
}
