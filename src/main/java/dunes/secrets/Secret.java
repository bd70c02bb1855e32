package dunes.secrets;

import java.util.Arrays;

/**
 * A resolved secret value. {@link #toString()} never shows it, so a secret that reaches a log
 * line or an exception message by accident shows as its reference only.
 */
public final class Secret {

  private final SecretRef ref;
  private final char[] value;

  public Secret(SecretRef ref, char[] value) {
    this.ref = ref;
    this.value = value.clone();
  }

  public SecretRef ref() {
    return ref;
  }

  /** The value, for the one call that sends it to the system it belongs to. */
  public char[] reveal() {
    return value.clone();
  }

  public String revealAsString() {
    return new String(value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Secret that && ref.equals(that.ref) && Arrays.equals(value, that.value);
  }

  @Override
  public int hashCode() {
    return ref.hashCode();
  }

  @Override
  public String toString() {
    return "Secret[" + ref.name() + ", ****]";
  }
}
