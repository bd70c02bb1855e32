package dunes.pki.certsrv;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * How Dunes logs in to certsrv, as the request's {@code ca.authentication} names it. IIS serves
 * certsrv with Windows Authentication (providers Negotiate and NTLM) by default; Basic is an extra
 * IIS feature (PROTOCOLS.md 1b). Each method is spoken by HttpClient 5's own scheme, and a client
 * registers only the request's method, so it never falls back to another.
 */
public enum CertsrvAuthentication {

  /** HTTP Basic, sent with the first request (preemptive), over https only. */
  BASIC("Basic"),
  /** NTLM (HttpClient's {@code NTLMScheme}): {@code DOMAIN\\user} or {@code user@dns.domain}. */
  NTLM("NTLM"),
  /** SPNEGO with Kerberos (HttpClient's {@code SPNegoScheme}, the JDK's JGSS): {@code user@REALM}. */
  NEGOTIATE("Negotiate");

  private static final Pattern DOWN_LEVEL = Pattern.compile("([^\\\\@/\\s]+)\\\\([^\\\\@/\\s]+)");
  private static final Pattern PRINCIPAL = Pattern.compile("([^\\\\@/\\s]+)@([^\\\\@/\\s]+)");

  private final String scheme;

  CertsrvAuthentication(String scheme) {
    this.scheme = scheme;
  }

  /** The scheme's name in {@code WWW-Authenticate} and {@code Authorization}, e.g. {@code NTLM}. */
  public String scheme() {
    return scheme;
  }

  /** How the request writes it: {@code basic}, {@code ntlm}, {@code negotiate}. */
  public String requestName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The method a request names (any case), if it is one. */
  public static Optional<CertsrvAuthentication> of(String requestName) {
    return Arrays.stream(values()).filter(m -> m.requestName().equalsIgnoreCase(requestName)).findFirst();
  }

  /** The method whose scheme a server offers under {@code scheme} (any case), if Dunes speaks it. */
  static Optional<CertsrvAuthentication> ofScheme(String scheme) {
    return Arrays.stream(values()).filter(m -> m.scheme.equalsIgnoreCase(scheme)).findFirst();
  }

  /** {@code basic, ntlm, negotiate}: for messages. */
  public static String requestNames() {
    return Arrays.stream(values()).map(CertsrvAuthentication::requestName).collect(Collectors.joining(", "));
  }

  /**
   * What is wrong with {@code username} as this method's account name, or empty when it fits. NTLM
   * needs the domain, which HttpClient's {@code NTCredentials} takes apart from the user; Kerberos
   * needs the realm, the only way JGSS finds the KDC to ask.
   */
  public Optional<String> accountProblem(String username) {
    return switch (this) {
      case BASIC -> Optional.empty(); // IIS reads any form; the default domain fills a bare name
      case NTLM -> DOWN_LEVEL.matcher(username).matches() || PRINCIPAL.matcher(username).matches() ? Optional.empty()
          : Optional.of("NTLM names the account with its domain: DOMAIN\\user or user@dns.domain, not '" + username
              + "'");
      case NEGOTIATE -> PRINCIPAL.matcher(username).matches() ? Optional.empty()
          : Optional.of("Kerberos (negotiate) names the account as user@REALM (Active Directory: the DNS domain in "
              + "capitals, e.g. enroll@CORP.EXAMPLE.COM), not '" + username + "'");
    };
  }

  /**
   * An NTLM account taken apart as {@code NTCredentials} wants it: the user without the domain, and
   * the domain ({@code user@corp.example.com} gives {@code corp.example.com}, which HttpClient sends
   * as the NetBIOS name {@code CORP}).
   */
  record NtlmAccount(String domain, String user) {

    static NtlmAccount of(String username) {
      Matcher downLevel = DOWN_LEVEL.matcher(username);
      if (downLevel.matches()) {
        return new NtlmAccount(downLevel.group(1), downLevel.group(2));
      }
      Matcher principal = PRINCIPAL.matcher(username);
      if (principal.matches()) {
        return new NtlmAccount(principal.group(2), principal.group(1));
      }
      throw new IllegalArgumentException(NTLM.accountProblem(username).orElseThrow());
    }
  }
}
