package dunes.lab.node;

import dunes.lab.LabCertificates;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * A node's disk: the appliance's file tree under the node's work dir, which the SFTP server
 * serves as "/". Paths given by clients are appliance paths ("/etc/vco/…") and never leave the tree.
 */
final class NodeFiles {

  static final String KEYSTORE = "/etc/vco/app-server/security/jssecacerts";
  static final String KEY_ALIAS = "dunes";
  static final String KEYSTORE_PASSWORD = "dunesdunes";
  static final String SSH_HOST_KEY = "/etc/ssh/ssh_host_ecdsa_key";
  /** the VAMI web server's own certificate; the appliance's real path is *unverified* */
  static final String VAMI_CERTIFICATE = "/opt/vmware/etc/lighttpd/server.crt";
  static final String VAMI_KEY = "/opt/vmware/etc/lighttpd/server.key";
  static final String ROOT_HOME = "/root";
  /** SLES 11's host name file: the FQDN on one line */
  static final String HOSTNAME = "/etc/HOSTNAME";
  /** SLES 11's clock settings, {@code TIMEZONE="<zone>"} */
  static final String CLOCK = "/etc/sysconfig/clock";
  static final String RESOLVER = "/etc/resolv.conf";

  /** The key entry the server serves: alias "dunes" of jssecacerts. */
  record KeyEntry(PrivateKey key, X509Certificate[] chain) {}

  private final Path root;

  private NodeFiles(Path root) {
    this.root = root;
  }

  /** Opens the node's tree, laying out a fresh appliance's files the first time. */
  static NodeFiles prepare(Path workDir, String fqdn, String address) {
    try {
      Files.createDirectories(workDir);
      NodeFiles files = new NodeFiles(workDir.toRealPath());
      Files.createDirectories(files.local(ROOT_HOME));
      Files.createDirectories(files.local(SSH_HOST_KEY).getParent());
      if (!Files.exists(files.local(KEYSTORE))) {
        files.writeFreshKeystore(LabCertificates.selfSigned(fqdn, List.of(fqdn), List.of(address)));
      }
      if (!Files.exists(files.local(VAMI_CERTIFICATE))) {
        Files.createDirectories(files.local(VAMI_CERTIFICATE).getParent());
        LabCertificates.selfSigned(fqdn, List.of(fqdn), List.of(address))
            .writePem(files.local(VAMI_CERTIFICATE), files.local(VAMI_KEY));
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out the node's files in " + workDir, e);
    }
  }

  Path root() {
    return root;
  }

  /** The local file behind an appliance path; relative paths start at {@code cwd}. */
  Path local(String cwd, String path) {
    Path appliancePath = Path.of("/").resolve(cwd).resolve(path).normalize();
    Path local = root.resolve(Path.of("/").relativize(appliancePath).toString()).normalize();
    if (!local.startsWith(root) || !realPathInside(local)) {
      throw new IllegalArgumentException("path outside the appliance: " + path);
    }
    return local;
  }

  /** A symbolic link in the tree (SFTP can make one) must not lead out of it either. */
  private boolean realPathInside(Path local) {
    Path existing = local;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    try {
      return existing != null && existing.toRealPath().startsWith(root);
    } catch (IOException e) {
      return false;
    }
  }

  Path local(String absolutePath) {
    return local("/", absolutePath);
  }

  /** The appliance path of a local file inside the tree, e.g. "/etc/vco/app-server/security/jssecacerts". */
  String appliancePath(Path local) {
    return "/" + root.relativize(local.toAbsolutePath().normalize()).toString().replace('\\', '/');
  }

  /** Reads alias "dunes" from jssecacerts as the server does at start: a broken store fails the start. */
  KeyEntry loadServerKey() {
    Path file = local(KEYSTORE);
    char[] password = KEYSTORE_PASSWORD.toCharArray();
    try (InputStream in = Files.newInputStream(file)) {
      KeyStore store = KeyStore.getInstance("JKS"); // also reads PKCS12 (keystore.type.compat)
      store.load(in, password);
      Key key = store.getKey(KEY_ALIAS, password);
      Certificate[] chain = store.getCertificateChain(KEY_ALIAS);
      if (!(key instanceof PrivateKey privateKey) || chain == null) {
        throw new IllegalStateException(KEYSTORE + " has no key entry '" + KEY_ALIAS + "'");
      }
      return new KeyEntry(privateKey, Arrays.copyOf(chain, chain.length, X509Certificate[].class));
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + KEYSTORE + ": " + e.getMessage(), e);
    }
  }

  /** The VAMI web server's key pair, made with the node. */
  KeyEntry loadVamiKey() {
    try (Reader certificate = Files.newBufferedReader(local(VAMI_CERTIFICATE));
        Reader key = Files.newBufferedReader(local(VAMI_KEY));
        PEMParser certificatePem = new PEMParser(certificate);
        PEMParser keyPem = new PEMParser(key)) {
      X509Certificate cert = new JcaX509CertificateConverter()
          .getCertificate((X509CertificateHolder) certificatePem.readObject());
      PrivateKey privateKey = new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) keyPem.readObject());
      return new KeyEntry(privateKey, new X509Certificate[] {cert});
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      throw new IllegalStateException("cannot read the VAMI certificate of " + root + ": " + e.getMessage(), e);
    }
  }

  /**
   * The guest files the VAMI setters change, as the guest's own identity says: /etc/HOSTNAME,
   * /etc/sysconfig/clock, /etc/resolv.conf. Written whole each time; what else a real appliance
   * keeps in them (comments, search domains) the lab does not have.
   */
  void writeIdentity(NodeIdentity identity) {
    StringBuilder resolver = new StringBuilder();
    identity.network().dns().forEach(server -> resolver.append("nameserver ").append(server).append('\n'));
    write(HOSTNAME, identity.hostname() + "\n");
    write(CLOCK, "HWCLOCK=\"-u\"\nTIMEZONE=\"" + identity.timezone() + "\"\n");
    write(RESOLVER, resolver.toString());
  }

  private void write(String appliancePath, String content) {
    Path file = local(appliancePath);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + appliancePath + " in " + root, e);
    }
  }

  private void writeFreshKeystore(LabCertificates.Issued issued) throws IOException {
    char[] password = KEYSTORE_PASSWORD.toCharArray();
    try {
      KeyStore store = KeyStore.getInstance("JKS");
      store.load(null, null);
      store.setKeyEntry(KEY_ALIAS, issued.keys().getPrivate(), password, new Certificate[] {issued.certificate()});
      Path file = local(KEYSTORE);
      Files.createDirectories(file.getParent());
      try (OutputStream out = Files.newOutputStream(file)) {
        store.store(out, password);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the node's jssecacerts", e);
    }
  }
}
