package dunes.secrets;

import java.util.regex.Pattern;

/**
 * The name of a secret held by the {@link SecretStore}. Process variables, the build request and
 * logs carry only this name; the value is resolved by a delegate at the moment of use.
 */
public record SecretRef(String name) {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,99}");

  public SecretRef {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "a secret reference is 1-100 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit: '"
              + name + "'");
    }
  }

  public static boolean isWellFormed(String name) {
    return name != null && NAME.matcher(name).matches();
  }

  @Override
  public String toString() {
    return "secretRef:" + name;
  }
}
