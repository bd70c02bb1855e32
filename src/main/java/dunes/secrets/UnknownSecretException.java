package dunes.secrets;

public class UnknownSecretException extends RuntimeException {

  public UnknownSecretException(SecretRef ref, String where) {
    super("secret '" + ref.name() + "' is not in the " + where);
  }
}
