package dunes.pki.certsrv;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Reads certsrv's HTML for the few strings clients rely on (PROTOCOLS.md 1b, docs/certsrv-client.md):
 * defensive regular expressions, no HTML parser. Every page that does not carry them is a
 * {@link CertsrvProtocolException} naming what was expected, with a short excerpt of the page.
 */
final class CertsrvAnswers {

  /** The issued page links the certificate; {@code &} matches {@code &amp;} too. */
  static final Pattern ISSUED_LINK = Pattern.compile("certnew\\.cer\\?ReqID=(\\d{1,18})&", Pattern.CASE_INSENSITIVE);
  static final Pattern PENDING_TITLE = Pattern.compile("Certificate\\s+Pending", Pattern.CASE_INSENSITIVE);
  static final Pattern REQUEST_ID = Pattern.compile("Your\\s+Request\\s+Id\\s+is\\s+(\\d{1,18})", Pattern.CASE_INSENSITIVE);
  /** certfnsh.asp's denial (and request error) page; the CA escapes '"' inside the message */
  static final Pattern SUBMIT_DISPOSITION = Pattern.compile("The\\s+disposition\\s+message\\s+is\\s+\"([^\"]*)",
      Pattern.CASE_INSENSITIVE);
  /** certnew.cer / certnew.p7b without a certificate: the message after two tabs, on its own line */
  static final Pattern DOWNLOAD_DISPOSITION = Pattern.compile("Disposition message:[^\\t]+\\t\\t([^\\r\\n]+)",
      Pattern.CASE_INSENSITIVE);
  static final Pattern DOWNLOAD_LABEL = Pattern.compile("Disposition\\s+message:", Pattern.CASE_INSENSITIVE);
  /** what a request held for a CA manager says (CR_DISP_UNDER_SUBMISSION) */
  static final Pattern UNDER_SUBMISSION = Pattern.compile("Taken\\s+Under\\s+Submission", Pattern.CASE_INSENSITIVE);
  /**
   * A web enrollment server that cannot reach its CA service reports RPC_S_SERVER_UNAVAILABLE where a
   * disposition would be: not a decision, so retried (*unverified* against a live AD CS).
   */
  static final Pattern CA_UNREACHABLE = Pattern.compile("0x800706ba|RPC server is unavailable", Pattern.CASE_INSENSITIVE);

  /**
   * certrqxt.asp's template list: {@code <Option Value="E;WebServer;…">}, the form Metasploit's ESC8
   * relay reads ({@code Option Value="[E|O];(.*?);"}, rapid7/metasploit-framework
   * modules/auxiliary/server/relay/esc8.rb); here any case and spacing.
   */
  static final Pattern TEMPLATE_OPTION = Pattern.compile("<option\\s+value\\s*=\\s*\"[EO];([^\";]+);",
      Pattern.CASE_INSENSITIVE);

  /**
   * certcarc.asp's count of CA key renewals, which its own script puts into the download links
   * ({@code Renewal=N}) to address the current key (tongzx/nt5src certweb certcarc.asp).
   */
  static final Pattern RENEWALS = Pattern.compile("var\\s+nRenewals\\s*=\\s*(\\d{1,4})\\s*;");

  static final String SUBMIT_EXPECTED = "a link certnew.cer?ReqID=N (issued), \"Certificate Pending\" with "
      + "\"Your Request Id is N\" (pending) or 'The disposition message is \"…\"' (denied)";
  static final String DOWNLOAD_EXPECTED = "a certificate (application/pkix-cert) or a page with "
      + "\"Disposition message:\" (pending or denied)";

  private static final int EXCERPT = 160;
  private static final int MESSAGE = 500;

  private CertsrvAnswers() {}

  /**
   * Reads certfnsh.asp's answer to a new request.
   *
   * @param excerpt what a message may quote of the page ({@link #excerpt(String, String)} with the password)
   */
  static Submission submission(String page, String where, UnaryOperator<String> excerpt) {
    Matcher issued = ISSUED_LINK.matcher(page);
    if (issued.find()) {
      return Submission.issued(Long.parseLong(issued.group(1)));
    }
    Optional<Long> id = requestId(page);
    if (PENDING_TITLE.matcher(page).find()) {
      return Submission.pending(id.orElseThrow(() -> new CertsrvProtocolException(where
          + " said \"Certificate Pending\" without \"Your Request Id is N\", expected the request id there: "
          + excerpt.apply(page))));
    }
    Matcher denied = SUBMIT_DISPOSITION.matcher(page);
    if (denied.find()) {
      String message = message(denied.group(1));
      requireCaReachable(message, where);
      return Submission.denied(id.map(OptionalLong::of).orElse(OptionalLong.empty()), message);
    }
    throw new CertsrvProtocolException(where + " answered a page without " + SUBMIT_EXPECTED + ": "
        + excerpt.apply(page));
  }

  /** Reads the page certnew.cer / certnew.p7b answer for a request that holds no certificate. */
  static Status status(long requestId, String page, String where, UnaryOperator<String> excerpt) {
    String message = disposition(page).orElseThrow(() -> new CertsrvProtocolException(where
        + " answered a page without \"Disposition message:\", expected " + DOWNLOAD_EXPECTED + ": "
        + excerpt.apply(page)));
    requireCaReachable(message, where);
    return new Status(requestId, UNDER_SUBMISSION.matcher(message).find() ? Disposition.PENDING : Disposition.DENIED,
        message);
  }

  /** The download page's disposition message: certsrv.py's expression, else the first text after the label. */
  static Optional<String> disposition(String page) {
    Matcher exact = DOWNLOAD_DISPOSITION.matcher(page);
    if (exact.find()) {
      String message = message(exact.group(1));
      if (!message.isEmpty()) {
        return Optional.of(message);
      }
    }
    Matcher label = DOWNLOAD_LABEL.matcher(page);
    if (!label.find()) {
      return Optional.empty();
    }
    String after = page.substring(label.end(), Math.min(page.length(), label.end() + 4 * MESSAGE));
    return after.replaceAll("<[^>]*>", "\n").lines().map(CertsrvAnswers::message)
        .filter(line -> !line.isEmpty()).findFirst();
  }

  /** The template names certrqxt.asp lists, in page order, each once. */
  static java.util.List<String> templates(String page) {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    Matcher option = TEMPLATE_OPTION.matcher(page);
    while (option.find()) {
      names.add(unescape(option.group(1)).strip());
    }
    return java.util.List.copyOf(names);
  }

  /** certcarc.asp's {@code nRenewals}: the CA key whose chain is current. */
  static int renewals(String page, String where, UnaryOperator<String> excerpt) {
    Matcher renewals = RENEWALS.matcher(page);
    if (!renewals.find()) {
      throw new CertsrvProtocolException(where + " answered a page without \"var nRenewals=N;\", expected certsrv's CA "
          + "certificate page: " + excerpt.apply(page));
    }
    return Integer.parseInt(renewals.group(1));
  }

  private static Optional<Long> requestId(String page) {
    Matcher id = REQUEST_ID.matcher(page);
    return id.find() ? Optional.of(Long.parseLong(id.group(1))) : Optional.empty();
  }

  private static void requireCaReachable(String message, String where) {
    if (CA_UNREACHABLE.matcher(message).find()) {
      throw new CertsrvUnavailableException(where + ": the web enrollment server cannot reach the CA service (\""
          + message + "\"); retry later", true, null);
    }
  }

  /** A disposition message as a person reads it: tags dropped, entities decoded, one line, bounded. */
  static String message(String html) {
    String text = unescape(html.replaceAll("<[^>]*>", " "))
        .replaceAll("[\\p{Cc}\\uFFFD]", " ").replaceAll("\\s+", " ").strip();
    return text.length() > MESSAGE ? text.substring(0, MESSAGE) + "…" : text;
  }

  /**
   * What a message quotes of a page: scripts, styles and tags dropped, entities decoded, white space
   * folded, {@code secret} masked, at most {@value #EXCERPT} characters.
   */
  static String excerpt(String page, String secret) {
    String text = page.length() > 64 * 1024 ? page.substring(0, 64 * 1024) : page;
    text = text.replaceAll("(?is)<(script|style)\\b[^>]*>.*?</\\1\\s*>", " ")
        .replaceAll("(?s)<!--.*?-->", " ")
        .replaceAll("<[^>]*>", " ");
    text = unescape(text).replaceAll("[\\p{Cc}\\uFFFD]", " ").replaceAll("\\s+", " ").strip();
    if (secret != null && !secret.isEmpty()) {
      text = text.replace(secret, "****");
    }
    if (text.isEmpty()) {
      return "(no text)";
    }
    return "\"" + (text.length() > EXCERPT ? text.substring(0, EXCERPT) + "…" : text) + "\"";
  }

  static String unescape(String html) {
    Matcher entity = Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,6});").matcher(html);
    StringBuilder text = new StringBuilder();
    while (entity.find()) {
      String name = entity.group(1);
      String replacement = switch (name.toLowerCase(Locale.ROOT)) {
        case "amp" -> "&";
        case "lt" -> "<";
        case "gt" -> ">";
        case "quot" -> "\"";
        case "apos" -> "'";
        case "nbsp" -> " ";
        default -> codePoint(name).orElse(entity.group());
      };
      entity.appendReplacement(text, Matcher.quoteReplacement(replacement));
    }
    entity.appendTail(text);
    return text.toString();
  }

  private static Optional<String> codePoint(String name) {
    if (!name.startsWith("#")) {
      return Optional.empty();
    }
    int code = name.startsWith("#x") || name.startsWith("#X") ? Integer.parseInt(name.substring(2), 16)
        : Integer.parseInt(name.substring(1));
    return Character.isValidCodePoint(code) ? Optional.of(Character.toString(code)) : Optional.empty();
  }
}
