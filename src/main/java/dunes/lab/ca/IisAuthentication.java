package dunes.lab.ca;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dunes.lab.LabBasicAuth;
import dunes.lab.LabHttp;
import java.io.IOException;
import java.util.List;

/**
 * Authentication in front of the CA's pages as IIS answers it: a 401 with one
 * {@code WWW-Authenticate} per enabled method (Windows Authentication's providers Negotiate and NTLM,
 * Basic with the realm). Only Basic logs anyone in: the lab verifies no Negotiate or NTLM token (the
 * client's NTLM and Kerberos are tested against Apache httpd with mod_auth_gssapi instead,
 * docs/certsrv-client.md), so with Windows Authentication alone, as a default AD CS, every login is
 * refused and a client sees what such a CA offers.
 */
final class IisAuthentication {

  static final String REALM = "ca";

  private final LabBasicAuth basic;
  private final List<LabCertificateAuthority.Authentication> methods;

  IisAuthentication(List<LabCertificateAuthority.Authentication> methods, String username, String password) {
    this.methods = List.copyOf(methods);
    this.basic = new LabBasicAuth(REALM, username, password);
  }

  HttpHandler protect(HttpHandler handler) {
    return exchange -> {
      if (methods.contains(LabCertificateAuthority.Authentication.BASIC) && basic.accepts(exchange)) {
        handler.handle(exchange);
      } else {
        challenge(exchange);
      }
    };
  }

  private void challenge(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().remove("WWW-Authenticate"); // the JDK's Basic check leaves its own
    for (LabCertificateAuthority.Authentication method : methods) {
      exchange.getResponseHeaders().add("WWW-Authenticate", switch (method) {
        case NEGOTIATE -> "Negotiate";
        case NTLM -> "NTLM";
        case BASIC -> "Basic realm=\"" + REALM + "\"";
      });
    }
    LabHttp.send(exchange, 401, "text/html; charset=utf-8",
        "<HTML><Body><H1>401 - Unauthorized: Access is denied due to invalid credentials.</H1></Body></HTML>");
  }
}
