package dunes.lab.ca;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.lab.LabHttp;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The lab's stand-in for the CA console, under {@code /lab/} (no such pages on a real CA):
 * <pre>
 * GET  /lab/requests                   one line per request: id, status, subject, disposition
 * POST /lab/requests/{id}/approve      issue a pending request
 * POST /lab/requests/{id}/deny         deny it; form field message (optional)
 * POST /lab/mode                       form field mode = AUTO_ISSUE | PENDING | DENY
 * </pre>
 */
final class LabControlHandler implements HttpHandler {

  private static final Pattern DECISION = Pattern.compile("/lab/requests/(\\d+)/(approve|deny)");
  static final String DEFAULT_DENIAL = "Denied by the lab CA manager";

  private final LabCertificateAuthority ca;

  LabControlHandler(LabCertificateAuthority ca) {
    this.ca = ca;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
    Matcher decision = DECISION.matcher(path);
    try {
      if (method.equals("GET") && path.equals("/lab/requests")) {
        LabHttp.text(exchange, 200, ca.requests().stream()
            .map(r -> r.id() + "\t" + r.status() + "\t" + r.subject() + "\t" + r.disposition())
            .collect(Collectors.joining("\n", "", "\n")));
      } else if (method.equals("POST") && decision.matches()) {
        int id = Integer.parseInt(decision.group(1));
        CertificateRequest result = decision.group(2).equals("approve") ? ca.approve(id)
            : ca.deny(id, HttpForms.body(exchange).getOrDefault("message", DEFAULT_DENIAL));
        LabHttp.text(exchange, 200, result.id() + "\t" + result.status() + "\n");
      } else if (method.equals("POST") && path.equals("/lab/mode")) {
        Map<String, String> form = HttpForms.body(exchange);
        ca.setMode(LabCertificateAuthority.Mode.valueOf(form.getOrDefault("mode", "").toUpperCase(Locale.ROOT)));
        LabHttp.text(exchange, 200, ca.mode() + "\n");
      } else {
        LabHttp.text(exchange, 404, "no lab CA control at " + method + " " + path + "\n");
      }
    } catch (IllegalStateException e) { // not pending any more
      LabHttp.text(exchange, 409, e.getMessage() + "\n");
    } catch (IllegalArgumentException e) { // no such request, no such mode
      LabHttp.text(exchange, 400, e.getMessage() + "\n");
    }
  }
}
