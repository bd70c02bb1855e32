package dunes.lab;

import static org.assertj.core.api.Assertions.assertThat;

import dunes.database.DatabasePort;
import dunes.lab.ca.LabCertificateAuthority;
import dunes.lab.changes.LabChangeReceiver;
import dunes.lab.database.LabSqlServer;
import dunes.lab.edge.LabEdge;
import dunes.lab.guests.LabGuests;
import dunes.lab.sso.LabSso;
import dunes.lab.vsphere.LabVSphere;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.ActiveProfiles;

/**
 * Dunes beside a lab that runs alone ({@code dunes.lab.systems=external}): no lab system starts in
 * this process, so nothing here binds the lab's addresses; Dunes keeps the lab's names, secrets
 * and SQL Server stand-in, whose journal goes to a file of its own beside the lab's.
 */
@SpringBootTest(properties = {
    "spring.datasource.url=jdbc:h2:mem:lab-external;DB_CLOSE_DELAY=-1",
    "dunes.lab.systems=external",
    "dunes.lab.state-dir=target/lab-external/state",
    "dunes.lab.hosts.vcvco9.lab.local=127.0.0.99",
    "dunes.lab.credentials-file=target/lab-external/lab-credentials.properties"},
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("lab")
class LabSystemsExternalTest {

  @Autowired ApplicationContext context;
  @Autowired DatabasePort database;
  @Autowired LabJournal journal;
  @Autowired LabNames names;

  @Test
  void shouldStartNoLabSystemAndKeepWhatDunesNeedsOfTheLab() {
    for (Class<?> system : new Class<?>[] {LabVSphere.class, LabGuests.class, LabCertificateAuthority.class,
        LabEdge.class, LabSso.class, LabChangeReceiver.class}) {
      assertThat(context.getBeanNamesForType(system)).as(system.getSimpleName()).isEmpty();
    }
    assertThat(database).isInstanceOf(LabSqlServer.class);
    assertThat(names.address("vcenter.lab.local")).isEqualTo("127.0.0.40");
    assertThat(names.address("vcvco9.lab.local")).as("a record added in configuration").isEqualTo("127.0.0.99");

    journal.record("database", "vcvCO", "probe", "written by Dunes beside an external lab");

    assertThat(LabState.lines(Path.of("target/lab-external/state/database-journal.jsonl")))
        .anyMatch(line -> line.contains("written by Dunes beside an external lab"));
    assertThat(Path.of("target/lab-external/state/journal.jsonl")).as("the lab's own journal is the lab's")
        .doesNotExist();
  }
}
