package dunes.changes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dunes.secrets.Destination;
import dunes.secrets.Purpose;
import dunes.secrets.Secret;
import dunes.secrets.SecretRef;
import dunes.secrets.SecretStore;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/** POSTs outcome reports to the change-management callback. TLS uses the JVM's trust store. */
@Component
@EnableConfigurationProperties(ChangeManagementProperties.class)
public class ChangeCallbackClient implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeCallbackClient.class);

  private final ChangeManagementProperties properties;
  private final SecretStore secrets;
  private final ObjectMapper json;
  private final CloseableHttpClient http;

  public ChangeCallbackClient(ChangeManagementProperties properties, SecretStore secrets, ObjectMapper json) {
    this.properties = properties;
    this.secrets = secrets;
    this.json = json;
    Timeout timeout = Timeout.of(properties.timeout().toMillis(), TimeUnit.MILLISECONDS);
    this.http = HttpClients.custom()
        .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
            .setDefaultConnectionConfig(ConnectionConfig.custom()
                .setConnectTimeout(timeout).setSocketTimeout(timeout).build())
            .build())
        .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
        .disableAutomaticRetries() // the job's retry cycle decides, visibly in Cockpit
        .build();
    warnIfUnbound();
  }

  /** Said at startup: a password the binding keeps from the receiver makes every report fail. */
  private void warnIfUnbound() {
    URI url = properties.callbackUrl();
    if (url != null && url.getHost() != null && properties.username() != null
        && SecretRef.isWellFormed(properties.passwordRef())) {
      secrets.refusal(new SecretRef(properties.passwordRef()),
              Destination.to(Purpose.CHANGE_CALLBACK, url.getHost(), Destination.port(url)))
          .ifPresent(refused -> LOG.warn("change-management callback: {}; every outcome report will fail until the "
              + "binding allows it", refused));
    }
  }

  /** @throws ChangeReportException when the receiver cannot be reached or does not accept it */
  public void send(OutcomeReport report) {
    URI url = properties.callbackUrl();
    if (url == null) {
      LOG.info("no change-management callback configured: outcome '{}' of ticket {} is recorded in history only",
          report.outcome(), report.ticket());
      return;
    }
    HttpPost post = new HttpPost(url);
    post.setEntity(new StringEntity(body(report), ContentType.APPLICATION_JSON));
    try {
      int status = http.execute(post, context(url), response -> response.getCode());
      if (status < 200 || status > 299) {
        throw new ChangeReportException("change management at " + url + " answered HTTP " + status
            + " to the '" + report.outcome() + "' report of ticket " + report.ticket() + "; the report is retried");
      }
      LOG.info("reported outcome '{}' of ticket {} to change management", report.outcome(), report.ticket());
    } catch (IOException e) {
      throw new ChangeReportException("cannot reach change management at " + url + " to report '"
          + report.outcome() + "' of ticket " + report.ticket() + ": " + e.getMessage() + "; the report is retried", e);
    }
  }

  private HttpClientContext context(URI url) {
    HttpClientContext context = HttpClientContext.create();
    if (properties.username() != null && properties.passwordRef() != null) {
      Secret password = secrets.resolveFor(new SecretRef(properties.passwordRef()),
          Destination.to(Purpose.CHANGE_CALLBACK, url.getHost(), Destination.port(url)));
      BasicCredentialsProvider credentials = new BasicCredentialsProvider();
      credentials.setCredentials(new AuthScope(url.getHost(), url.getPort()),
          new UsernamePasswordCredentials(properties.username(), password.reveal()));
      context.setCredentialsProvider(credentials);
    }
    return context;
  }

  private String body(OutcomeReport report) {
    try {
      return json.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write outcome report", e);
    }
  }

  @Override
  public void close() throws IOException {
    http.close();
  }
}
