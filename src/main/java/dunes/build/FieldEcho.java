package dunes.build;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * Which rejected values a field error may repeat. A field error travels far: the 400 answer, the
 * instance's {@code validationErrors} (history), the status API, the {@code rejected} report to change
 * management and any log. So a value that may be a secret is never in it: the value of any
 * {@code ...Ref} field (a password pasted where its reference name belongs), a URL carrying user
 * info ({@code https://user:password@host}), and anything longer than {@value #MAX_SHOWN} characters
 * (a pasted key or token). Host names, addresses, names and other short values are repeated, so the
 * requester sees what was wrong. Character classes are not used to guess at passwords: real names
 * such as {@code LAB\enroll} or {@code Europe/Berlin} look like passwords by that measure.
 */
final class FieldEcho {

  static final int MAX_SHOWN = 100;
  static final String NOT_SHOWN = "(value not shown)";

  private FieldEcho() {}

  /** Fields whose value is a secret's name, where a secret itself is most often pasted by mistake. */
  static boolean secretField(String field) {
    return field.endsWith("Ref");
  }

  static boolean mayShow(String field, String value) {
    return !secretField(field) && value.length() <= MAX_SHOWN && !hasUserInfo(value);
  }

  /** {@code message} about {@code value} of {@code field}, without the value where it may not be shown. */
  static String message(String field, String value, String message) {
    if (value == null || value.isEmpty() || !message.contains(value) || mayShow(field, value)) {
      return message;
    }
    String hidden = message.replace("'" + value + "'", NOT_SHOWN);
    return hidden.contains(value) ? "is not accepted " + NOT_SHOWN : hidden;
  }

  private static boolean hasUserInfo(String value) {
    if (!value.contains("@") || !value.contains("://")) {
      return false;
    }
    try {
      return new URI(value.strip()).getRawUserInfo() != null;
    } catch (URISyntaxException e) {
      return value.indexOf('@') > value.indexOf("://"); // unparseable, but shaped like user info
    }
  }
}
