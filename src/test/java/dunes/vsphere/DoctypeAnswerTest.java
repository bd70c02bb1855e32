package dunes.vsphere;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dunes.lab.LabCertificates;
import dunes.lab.LabTls;
import dunes.pki.Fingerprints;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A "vCenter" (a plain HTTPS server, pinned) whose answer to the login's first call declares
 * external entities: one pointing at a listener of the test, one at a local file. Dunes must refuse
 * the answer without fetching or reading either.
 */
class DoctypeAnswerTest {

  private static final String VCENTER = "127.0.40.1";
  private static final String LISTENER = "127.0.40.2";

  @TempDir Path dir;
  private HttpsServer vcenter;
  private HttpServer listener;
  private final AtomicInteger fetched = new AtomicInteger();
  private String fingerprint;
  private Path localFile;
  private String localContent;

  @BeforeEach
  void servers() throws IOException {
    listener = HttpServer.create(new InetSocketAddress(LISTENER, 0), 0);
    listener.createContext("/", exchange -> {
      fetched.incrementAndGet();
      byte[] dtd = "<!ENTITY fetched \"from the listener\">".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, dtd.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(dtd);
      }
    });
    listener.start();

    localContent = "local-" + UUID.randomUUID();
    localFile = Files.writeString(dir.resolve("secret.txt"), localContent);

    LabCertificates.Issued certificate = LabCertificates.selfSigned("vcenter.test", List.of(), List.of(VCENTER));
    fingerprint = Fingerprints.sha256(certificate.certificate());
    vcenter = HttpsServer.create(new InetSocketAddress(VCENTER, 0), 0);
    vcenter.setHttpsConfigurator(new HttpsConfigurator(LabTls.server(certificate)));
    vcenter.start();
  }

  @AfterEach
  void stop() {
    vcenter.stop(0);
    listener.stop(0);
  }

  @ParameterizedTest
  @ValueSource(strings = {"UTF-8", "UTF-16"})
  void shouldRefuseAnAnswerWithExternalEntitiesWithoutFetchingOrReadingThem(String encoding) throws Exception {
    answerWith(Charset.forName(encoding), """
        <?xml version="1.0" encoding="%s"?>
        <!DOCTYPE soapenv:Envelope [
          <!ENTITY %% remote SYSTEM "http://%s:%d/entities.dtd">
          %%remote;
          <!ENTITY local SYSTEM "%s">
        ]>
        <soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>
        <RetrieveServiceContentResponse xmlns="urn:vim25"><returnval>
        <about><name>&local;</name><fullName>&fetched;</fullName></about>
        </returnval></RetrieveServiceContentResponse></soapenv:Body></soapenv:Envelope>
        """.formatted(encoding, LISTENER, listener.getAddress().getPort(), localFile.toUri()));

    assertThatThrownBy(() -> new VSphereConnector(Duration.ofSeconds(5), Duration.ofSeconds(5)).connect(
            new URL("https://" + VCENTER + ":" + vcenter.getAddress().getPort() + "/sdk"), "administrator@vsphere.local",
            new Secret(new SecretRef("vcenter-admin"), "pw".toCharArray()), fingerprint))
        .isInstanceOf(VSphereException.class)
        .hasMessageContaining("cannot log in to vCenter")
        .hasMessageContaining("DOCTYPE")
        .hasMessageNotContaining(localContent);

    assertThat(fetched).as("requests the answer's entities made to the listener").hasValue(0);
  }

  private void answerWith(Charset charset, String xml) {
    byte[] body = xml.getBytes(charset);
    vcenter.createContext("/sdk", exchange -> {
      exchange.getRequestBody().readAllBytes();
      exchange.getResponseHeaders().add("Content-Type", "text/xml; charset=" + charset.name());
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
  }
}
