package dunes.support;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * A person logged in to the webapps (Tasklist) as a browser is: the session cookie from the login
 * form, the CSRF token the webapps hand out in the {@code XSRF-TOKEN} cookie sent back as
 * {@code X-XSRF-TOKEN}, and the webapps' own engine API under {@code /camunda/api/engine}.
 */
public final class WebappSession {

  private final URI base;
  private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
  private final HttpClient http;

  private WebappSession(URI base) {
    this.base = base;
    this.http = HttpClient.newBuilder().cookieHandler(cookies).build();
  }

  /** Logs {@code user} in to Tasklist on the application at {@code base} ({@code http://127.0.0.1:port}). */
  public static WebappSession login(URI base, String user, String password) {
    WebappSession session = new WebappSession(base);
    session.send(HttpRequest.newBuilder(base.resolve("/camunda/app/tasklist/default/")).GET()); // hands out the CSRF cookie
    HttpResponse<String> login = session.send(session.withCsrf(HttpRequest.newBuilder(
            base.resolve("/camunda/api/admin/auth/user/default/login/tasklist")))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
            + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8))));
    if (login.statusCode() != 200) {
      throw new IllegalStateException("Tasklist login of " + user + " answered " + login.statusCode() + ": " + login.body());
    }
    // the login renews the session, and with it the CSRF token: the next page load hands out the new one
    session.send(HttpRequest.newBuilder(base.resolve("/camunda/api/admin/auth/user/default")).GET());
    return session;
  }

  /** POST to the webapps' engine API, e.g. {@code task/<id>/submit-form}. */
  public HttpResponse<String> postEngine(String path, String json) {
    return send(withCsrf(HttpRequest.newBuilder(base.resolve("/camunda/api/engine/engine/default/" + path)))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  /** GET {@code path} on the application with this session. */
  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  /** The value of this session's cookie {@code name}, e.g. JSESSIONID; null when not set. */
  public String cookie(String name) {
    return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name))
        .map(HttpCookie::getValue).findFirst().orElse(null);
  }

  private HttpRequest.Builder withCsrf(HttpRequest.Builder request) {
    for (HttpCookie cookie : cookies.getCookieStore().getCookies()) {
      if (cookie.getName().equals("XSRF-TOKEN")) {
        request.header("X-XSRF-TOKEN", cookie.getValue());
      }
    }
    return request;
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
