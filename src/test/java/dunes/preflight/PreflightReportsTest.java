package dunes.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The report table on H2: what is saved under a build's key is what is found, and a second save replaces it. */
class PreflightReportsTest {

  final JdbcDataSource dataSource = h2();
  final PreflightReports reports = new PreflightReports(dataSource,
      JsonMapper.builder().addModule(new JavaTimeModule()).build());

  @Test
  void shouldFindTheReportSavedUnderTheBuildsKey() {
    Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    EndpointCertificate vcenter = new EndpointCertificate("vcenter", "https://vcenter.lab.local:8989/sdk", "vCenter",
        "CN=vcenter.lab.local", "CN=Lab CA", from, from.plus(365, ChronoUnit.DAYS), List.of("DNS:vcenter.lab.local"),
        true, "AB:".repeat(31) + "AB", null);
    PreflightReport report = new PreflightReport(List.of(
        new PreflightCheck("dns.reverse", "nodes[1].ip", false, "127.0.0.12 reverses to vcvco.lab.local, not vcvco2.lab.local")),
        List.of(vcenter));

    reports.save("CHG1", report);

    assertThat(reports.find("CHG1")).contains(report);
    assertThat(reports.find("CHG2")).isEmpty();
  }

  @Test
  void shouldReplaceTheReportOfARetriedPreflight() {
    reports.save("CHG3", new PreflightReport(List.of(new PreflightCheck("address.free", "nodes[0].ip", false, "in use")),
        List.of()));
    PreflightReport again = new PreflightReport(List.of(new PreflightCheck("address.free", "nodes[0].ip", true, "free")),
        List.of());

    reports.save("CHG3", again);

    assertThat(reports.find("CHG3")).contains(again);
    assertThat(new JdbcTemplate(dataSource).queryForObject("SELECT COUNT(*) FROM " + PreflightReports.TABLE
        + " WHERE BUILD_KEY_ = 'CHG3'", Integer.class)).isEqualTo(1);
  }

  private static JdbcDataSource h2() {
    JdbcDataSource h2 = new JdbcDataSource();
    h2.setURL("jdbc:h2:mem:preflight-reports-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
    return h2;
  }
}
