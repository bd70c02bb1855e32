package dunes.secrets;

/** Where secret values live. Dunes keeps only {@link SecretRef}s; values are read at use. */
public interface SecretStore {

  boolean contains(SecretRef ref);

  /** @throws UnknownSecretException when the store holds no value under that name */
  Secret resolve(SecretRef ref);
}
