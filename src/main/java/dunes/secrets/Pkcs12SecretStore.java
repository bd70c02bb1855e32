package dunes.secrets;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Secrets in a PKCS#12 file as password entries, one alias per secret name: the format
 * {@code keytool -importpass -storetype PKCS12} writes, so operators manage it with keytool. Their
 * bindings in a properties file beside it ({@link Pkcs12Bindings}). Both files are read at each
 * lookup, so an operator's change takes effect without a restart.
 */
public class Pkcs12SecretStore implements SecretStore {

  private final Path file;
  private final char[] storePassword;
  private final Pkcs12Bindings bindings;

  public Pkcs12SecretStore(Path file, char[] storePassword, Path bindingsFile, boolean allowPatterns) {
    this.file = file;
    this.storePassword = storePassword.clone();
    this.bindings = new Pkcs12Bindings(bindingsFile, allowPatterns);
  }

  /** With the bindings in {@code <file>.bindings}, naming each host. */
  public Pkcs12SecretStore(Path file, char[] storePassword) {
    this(file, storePassword, Pkcs12Bindings.besides(file), false);
  }

  @Override
  public boolean contains(SecretRef ref) {
    try {
      return load().isKeyEntry(ref.name());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the secret store " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Secret resolve(SecretRef ref) {
    try {
      KeyStore store = load();
      if (!store.isKeyEntry(ref.name())) {
        throw new UnknownSecretException(ref, "secret store " + file);
      }
      SecretKey key = (SecretKey) store.getKey(ref.name(), storePassword);
      PBEKeySpec spec = (PBEKeySpec) SecretKeyFactory.getInstance(key.getAlgorithm())
          .getKeySpec(key, PBEKeySpec.class);
      try {
        return new Secret(ref, spec.getPassword());
      } finally {
        spec.clearPassword();
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "cannot read secret '" + ref.name() + "' from " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<SecretBinding> binding(SecretRef ref) {
    return bindings.read(ref.name());
  }

  @Override
  public String bindingSource(SecretRef ref) {
    return bindings.source(ref.name());
  }

  @Override
  public Set<String> names() {
    try {
      return new HashSet<>(Collections.list(load().aliases()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot read the secret store " + file + ": " + e.getMessage(), e);
    }
  }

  private KeyStore load() throws GeneralSecurityException {
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(in, storePassword);
      return store;
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the secret store " + file + ": " + e.getMessage(), e);
    }
  }
}
