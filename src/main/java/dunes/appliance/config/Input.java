package dunes.appliance.config;

import dunes.secrets.Destination;
import dunes.secrets.SecretRef;
import java.math.BigDecimal;

/**
 * One input of a workflow run, as the execution-context carries it. A SecureString's value is a
 * {@link ForwardedSecret}, resolved only when the run is posted; {@link #toString()} shows the
 * reference, never a value.
 *
 * @param value a {@code String}, a {@code BigDecimal}, a {@code Boolean} or a {@code ForwardedSecret}, as
 *     {@code type} says
 */
public record Input(String name, Type type, Object value) {

  /** vCO's parameter types that configuration workflows take. */
  public enum Type {
    STRING("string", String.class),
    NUMBER("number", BigDecimal.class),
    BOOLEAN("boolean", Boolean.class),
    SECURE_STRING("SecureString", ForwardedSecret.class);

    private final String wireName;
    private final Class<?> valueClass;

    Type(String wireName, Class<?> valueClass) {
      this.wireName = wireName;
      this.valueClass = valueClass;
    }

    /** The type's name in an execution-context: {@code string}, {@code number}, {@code boolean}, {@code SecureString}. */
    public String wireName() {
      return wireName;
    }
  }

  public Input {
    if (name == null || name.isBlank() || type == null) {
      throw new IllegalArgumentException("a workflow input needs a name and a type");
    }
    if (!type.valueClass.isInstance(value)) {
      throw new IllegalArgumentException("input '" + name + "' of type " + type.wireName() + " needs a "
          + type.valueClass.getSimpleName() + " value, not "
          + (value == null ? "null" : value.getClass().getSimpleName()));
    }
  }

  public static Input string(String name, String value) {
    return new Input(name, Type.STRING, value);
  }

  public static Input number(String name, long value) {
    return new Input(name, Type.NUMBER, BigDecimal.valueOf(value));
  }

  public static Input number(String name, BigDecimal value) {
    return new Input(name, Type.NUMBER, value);
  }

  public static Input bool(String name, boolean value) {
    return new Input(name, Type.BOOLEAN, value);
  }

  /** @param onward the system the node passes the secret on to */
  public static Input secure(String name, SecretRef value, Destination onward) {
    return new Input(name, Type.SECURE_STRING, new ForwardedSecret(value, onward));
  }

  public boolean secure() {
    return type == Type.SECURE_STRING;
  }

  @Override
  public String toString() {
    return name + "=" + (type == Type.STRING ? "'" + value + "'" : value);
  }
}
