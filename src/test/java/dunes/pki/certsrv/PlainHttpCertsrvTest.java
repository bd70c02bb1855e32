package dunes.pki.certsrv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dunes.build.probe.ProbeTrust;
import dunes.secrets.TestSecrets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * The lab CA serving certsrv over plain HTTP (as an AD CS without its https binding): refused before
 * anything is sent until a person's acceptance is recorded for the build and URL, then that build
 * only reaches the CA over http; Basic never goes over http, accepted or not. The whole enrolment
 * over accepted http, with NTLM, runs against an independent peer in {@link WindowsAuthenticationPeerTest}.
 */
class PlainHttpCertsrvTest {

  private final PlainHttpAcceptances acceptances = new PlainHttpAcceptances(dataSource());

  @Test
  void withoutAnAcceptanceNothingIsSentOverPlainHttp() {
    try (CertsrvLab lab = new CertsrvLab("127.0.13.55", s -> s.withPlainHttp(true))) {
      assertThat(lab.ca.url().getScheme()).isEqualTo("http");

      assertThatThrownBy(() -> client(lab).submit(target(lab, "CHG-1"), TestCsr.vcoCluster().pem()))
          .isInstanceOf(CertsrvPlainHttpRefusedException.class)
          .hasMessageContaining("build CHG-1")
          .hasMessageContaining("no person has accepted it, so nothing was sent")
          .hasMessageNotContaining(lab.password);
      assertThat(lab.journal.entries()).isEmpty();
    }
  }

  @Test
  void anAcceptanceRecordedThroughTheTaskListenerLetsThatBuildOnlyReachTheCa() {
    try (CertsrvLab lab = new CertsrvLab("127.0.13.56", s -> s.withPlainHttp(true))) {
      listener("carol").notify(task("CHG-2", lab.ca.url().toString(), "accept"));

      assertThat(acceptances.find("CHG-2", lab.ca.url())).get()
          .satisfies(a -> assertThat(a.acceptedBy()).isEqualTo("carol"));
      // the lab's IIS offers Basic alone, which Dunes never sends over http: the answer shows the call got there
      assertThatThrownBy(() -> client(lab).submit(target(lab, "CHG-2"), TestCsr.vcoCluster().pem()))
          .isInstanceOfSatisfying(CertsrvAuthenticationException.class, e -> {
            assertThat(e.methodOffered()).isFalse();
            assertThat(e.offered()).containsExactly("Basic");
          })
          .hasMessageContaining("does not offer NTLM, the method of ca.authentication (ntlm): the server offers Basic "
              + "(HTTP 401); Dunes speaks none of them over http");

      assertThatThrownBy(() -> client(lab).submit(target(lab, "CHG-3"), TestCsr.vcoCluster().pem()))
          .isInstanceOf(CertsrvPlainHttpRefusedException.class);
      assertThat(lab.journal.entries()).isEmpty();
    }
  }

  @Test
  void basicIsNeverATargetOverPlainHttpEvenWhenAccepted() {
    try (CertsrvLab lab = new CertsrvLab("127.0.33.2", s -> s.withPlainHttp(true))) {
      acceptances.record("CHG-6", lab.ca.url(), "carol", Instant.now());

      assertThatThrownBy(() -> CertsrvPort.Target.http(lab.ca.url(), CertsrvLab.USER, CertsrvLab.PASSWORD,
          CertsrvLab.TEMPLATE, "CHG-6", CertsrvAuthentication.BASIC))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is plain http: Basic would send the password of 'LAB\\enroll' in clear");
      assertThat(lab.journal.entries()).isEmpty();
    }
  }

  @Test
  void aRejectionRecordsNothing() {
    try (CertsrvLab lab = new CertsrvLab("127.0.13.57", s -> s.withPlainHttp(true))) {
      listener("carol").notify(task("CHG-4", lab.ca.url().toString(), "reject"));

      assertThat(acceptances.find("CHG-4", lab.ca.url())).isEmpty();
      assertThatThrownBy(() -> client(lab).submit(target(lab, "CHG-4"), TestCsr.vcoCluster().pem()))
          .isInstanceOf(CertsrvPlainHttpRefusedException.class);
    }
  }

  @Test
  void anAcceptanceNeedsAnAuthenticatedPerson() {
    IdentityService identity = mock(IdentityService.class);
    PlainHttpAcceptanceListener listener = new PlainHttpAcceptanceListener(new dunes.security.TaskCompleter(identity), acceptances);
    DelegateTask task = task("CHG-5", "http://127.0.13.58:80/certsrv", "accept");

    assertThatThrownBy(() -> listener.notify(task)).isInstanceOf(ProcessEngineException.class)
        .hasMessageContaining("needs an authenticated person");
    assertThat(acceptances.find("CHG-5", java.net.URI.create("http://127.0.13.58:80/certsrv"))).isEmpty();
  }

  @Test
  void theCaProbeOverAcceptedPlainHttpNamesTheMethodsTheServerOffers() {
    try (CertsrvLab lab = new CertsrvLab("127.0.13.59", s -> s.withPlainHttp(true))) {
      acceptances.record("CHG-PROBE", lab.ca.url(), "carol", Instant.now());

      assertThat(new CaProbe(client(lab)).probe(CaProbeTest.spec(lab.ca.url(), "WebServer", CertsrvLab.USER, "ntlm"),
          new ProbeTrust(Map.of())).findings()).singleElement().satisfies(finding -> {
            assertThat(finding.field()).isEqualTo("ca.authentication");
            assertThat(finding.message()).contains("the server offers Basic");
          });
    }
  }

  private PlainHttpAcceptanceListener listener(String user) {
    IdentityService identity = mock(IdentityService.class);
    when(identity.getCurrentAuthentication()).thenReturn(new Authentication(user, java.util.List.of()));
    return new PlainHttpAcceptanceListener(new dunes.security.TaskCompleter(identity), acceptances,
        Clock.fixed(Instant.parse("2026-12-04T21:00:00Z"), ZoneOffset.UTC));
  }

  private static DelegateTask task(String build, String url, String decision) {
    DelegateTask task = mock(DelegateTask.class);
    DelegateExecution execution = mock(DelegateExecution.class);
    when(execution.getProcessBusinessKey()).thenReturn(build);
    when(task.getExecution()).thenReturn(execution);
    when(task.getName()).thenReturn("Accept plain HTTP to the CA");
    when(task.getVariable("plainHttpDecision")).thenReturn(decision);
    when(task.getVariable("certificateUrl")).thenReturn(url);
    return task;
  }

  private HttpCertsrvClient client(CertsrvLab lab) {
    return new HttpCertsrvClient(CertsrvProperties.defaults(),
        TestSecrets.onLoopback(Map.of(CertsrvLab.PASSWORD.name(), lab.password)), null, acceptances);
  }

  private static CertsrvPort.Target target(CertsrvLab lab, String build) {
    return CertsrvPort.Target.http(lab.ca.url(), CertsrvLab.USER, CertsrvLab.PASSWORD, CertsrvLab.TEMPLATE, build,
        CertsrvAuthentication.NTLM);
  }

  private static JdbcDataSource dataSource() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:plain-http-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
