package dunes.lab.ca;

import java.io.IOException;
import java.io.StringWriter;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CSRs as a client makes them: a fresh RSA key, a subject, DNS and IP SANs in an extensionRequest. */
record TestCsr(KeyPair keys, String pem) {

  static TestCsr of(String commonName, List<String> dnsNames, List<String> ipAddresses) {
    return of(new X500Principal("CN=" + commonName + ",OU=Automation,O=Dunes Lab,C=DE"), dnsNames, ipAddresses);
  }

  static TestCsr of(X500Principal subject, List<String> dnsNames, List<String> ipAddresses) {
    return of(subject, dnsNames, ipAddresses, "RSA");
  }

  /** @param algorithm RSA (2048, SHA256withRSA) or EC (P-256, SHA256withECDSA) */
  static TestCsr of(X500Principal subject, List<String> dnsNames, List<String> ipAddresses, String algorithm) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
      generator.initialize(algorithm.equals("EC") ? 256 : 2048);
      KeyPair keys = generator.generateKeyPair();
      JcaPKCS10CertificationRequestBuilder builder = new JcaPKCS10CertificationRequestBuilder(subject, keys.getPublic());
      List<GeneralName> names = new ArrayList<>();
      dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
      ipAddresses.forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
      if (!names.isEmpty()) {
        ExtensionsGenerator extensions = new ExtensionsGenerator();
        extensions.addExtension(Extension.subjectAlternativeName, false,
            new GeneralNames(names.toArray(GeneralName[]::new)));
        builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, extensions.generate());
      }
      PKCS10CertificationRequest csr = builder.build(
          new JcaContentSignerBuilder(algorithm.equals("EC") ? "SHA256withECDSA" : "SHA256withRSA").build(keys.getPrivate()));
      StringWriter text = new StringWriter();
      try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
        writer.writeObject(csr);
      }
      return new TestCsr(keys, text.toString());
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException(e);
    }
  }

  static TestCsr vcoCluster() {
    return of("vcvco.lab.local", List.of("vcvco.lab.local", "vcvco1.lab.local", "vcvco2.lab.local"),
        List.of("127.0.0.10", "127.0.0.11"));
  }
}
