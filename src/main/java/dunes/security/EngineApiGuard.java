package dunes.security;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;

/**
 * A servlet filter in front of both REST surfaces of the engine, {@code /engine-rest} and the
 * webapps' {@code <application-path>/api/engine}: applies {@link EngineApiRules} before the engine
 * sees a call. It must sit in front, not in a task listener: the engine sets a completion's
 * variables before complete listeners run, so a listener cannot tell what the caller sent.
 */
class EngineApiGuard implements Filter {

  /** More than any form of Dunes sends; a bigger body is refused unread. */
  static final int MAX_BODY = 1024 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final EngineApiRules rules;
  private final IdentityService identity;
  private final List<String> webappApi;

  /** @param webappPath the webapps' application path, {@code camunda.bpm.webapp.application-path} */
  EngineApiGuard(EngineApiRules rules, IdentityService identity, String webappPath) {
    this.rules = rules;
    this.identity = identity;
    this.webappApi = segments(webappPath + "/api/engine");
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    List<String> all = segments(request.getServletPath() + Objects.toString(request.getPathInfo(), ""));
    Optional<Below> below = belowEngine(all);
    if (below.isEmpty()) {
      chain.doFilter(request, response);
      return;
    }
    LazyBody body = new LazyBody(request);
    EngineApiRefusal refusal;
    try {
      Caller caller = caller(request, below.get().engine());
      refusal = rules.check(new EngineApiRules.Call(request.getMethod().toUpperCase(Locale.ROOT),
          below.get().path(), body, caller.user(), caller.admin())).orElse(null);
    } catch (EngineApiRules.InvalidBody | TooLarge e) {
      refusal = e instanceof TooLarge ? new EngineApiRefusal(413, "InvalidRequestException", e.getMessage(), List.of())
          : EngineApiRefusal.badRequest(e.getMessage());
    }
    if (refusal != null) {
      refuse(response, refusal);
      return;
    }
    chain.doFilter(body.request(), response);
  }

  /** The path below {@code /engine-rest[/engine/{name}]} or {@code <webapp>/api/engine/engine/{name}}, and the engine named. */
  private record Below(List<String> path, String engine) {}

  private Optional<Below> belowEngine(List<String> all) {
    if (!all.isEmpty() && all.get(0).equals("engine-rest")) {
      List<String> rest = all.subList(1, all.size());
      if (rest.size() >= 2 && rest.get(0).equals("engine")) {
        return Optional.of(new Below(rest.subList(2, rest.size()), rest.get(1)));
      }
      return Optional.of(new Below(rest, "default"));
    }
    if (all.size() >= webappApi.size() + 2 && all.subList(0, webappApi.size()).equals(webappApi)
        && all.get(webappApi.size()).equals("engine")) {
      return Optional.of(new Below(all.subList(webappApi.size() + 2, all.size()), all.get(webappApi.size() + 1)));
    }
    return Optional.empty();
  }

  /** Who calls (null when nobody is logged in) and whether they are in {@code camunda-admin}. */
  private record Caller(String user, boolean admin) {}

  /**
   * The engine's authentication that the REST authentication set, or else the webapps' login kept
   * in the session (their filter may run after this one).
   */
  private Caller caller(HttpServletRequest request, String engine) {
    Authentication current = identity.getCurrentAuthentication();
    if (current != null && current.getUserId() != null) {
      return new Caller(current.getUserId(), current.getGroupIds() != null
          && current.getGroupIds().contains(Groups.CAMUNDA_ADMIN));
    }
    HttpSession session = request.getSession(false);
    Authentications logins = session == null ? null : AuthenticationUtil.getAuthsFromSession(session);
    if (logins != null && logins.getAuthenticationForProcessEngine(engine) instanceof UserAuthentication login) {
      return new Caller(login.getIdentityId(), login.getGroupIds() != null && login.getGroupIds().contains(Groups.CAMUNDA_ADMIN));
    }
    return new Caller(null, false);
  }

  private static void refuse(HttpServletResponse response, EngineApiRefusal refusal) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", refusal.type());
    body.put("message", refusal.message());
    if (!refusal.variables().isEmpty()) {
      body.put("variables", refusal.variables());
    }
    response.setStatus(refusal.status());
    response.setContentType("application/json");
    response.setCharacterEncoding("UTF-8");
    JSON.writeValue(response.getOutputStream(), body);
  }

  private static List<String> segments(String path) {
    return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
  }

  /** The body, read at the first rule that needs it and then handed on unchanged. */
  private static final class LazyBody implements EngineApiRules.Body {
    private final HttpServletRequest request;
    private BufferedRequest buffered;
    private JsonNode json;

    LazyBody(HttpServletRequest request) {
      this.request = request;
    }

    @Override
    public JsonNode json() {
      if (json == null) {
        byte[] bytes = bytes();
        try {
          json = bytes.length == 0 ? MissingNode.getInstance() : JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
          throw new EngineApiRules.InvalidBody("the body is not one JSON document: " + e.getOriginalMessage());
        } catch (IOException e) {
          throw new EngineApiRules.InvalidBody("the body cannot be read: " + e.getMessage());
        }
        if (json == null) {
          json = MissingNode.getInstance();
        }
      }
      return json;
    }

    private byte[] bytes() {
      if (buffered == null) {
        try {
          byte[] bytes = request.getInputStream().readNBytes(MAX_BODY + 1);
          if (bytes.length > MAX_BODY) {
            throw new TooLarge("the body is larger than " + MAX_BODY + " bytes");
          }
          buffered = new BufferedRequest(request, bytes);
        } catch (IOException e) {
          throw new EngineApiRules.InvalidBody("the body cannot be read: " + e.getMessage());
        }
      }
      return buffered.body();
    }

    HttpServletRequest request() {
      return buffered != null ? buffered : request;
    }
  }

  private static final class TooLarge extends RuntimeException {
    TooLarge(String message) {
      super(message);
    }
  }
}
