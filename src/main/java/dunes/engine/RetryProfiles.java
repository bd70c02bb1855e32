package dunes.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * Retry cycles per external system ({@code dunes.retry.*}), used in BPMN as
 * {@code ${retryProfiles.changeManagement}} so the lab and tests can retry fast.
 */
@Component("retryProfiles")
@EnableConfigurationProperties(RetryProfiles.Cycles.class)
public class RetryProfiles {

  private final Cycles cycles;

  public RetryProfiles(Cycles cycles) {
    this.cycles = cycles;
  }

  public String getChangeManagement() {
    return cycles.changeManagement();
  }

  public String getVsphere() {
    return cycles.vsphere();
  }

  public String getDatabase() {
    return cycles.database();
  }

  /** An appliance's VAMI and TLS endpoints: a fresh VM needs minutes before they answer. */
  public String getAppliance() {
    return cycles.appliance();
  }

  /** The vShield Manager's REST API. */
  public String getEdge() {
    return cycles.edge();
  }

  /** Preflight's reads before any change: a DNS server that does not answer is asked again. */
  public String getPreflight() {
    return cycles.preflight();
  }

  /**
   * Delivering a recorded cancel to its build. A delivery that meets a running job of the build
   * loses on optimistic locking and is tried again after the interval; the engine does not count
   * those attempts, so only other failures use the cycle up.
   */
  public String getCancel() {
    return cycles.cancel();
  }

  /** ISO 8601 repeating intervals, e.g. R5/PT30S: five attempts in all, 30 s apart. */
  @ConfigurationProperties("dunes.retry")
  public record Cycles(String changeManagement, String vsphere, String appliance, String database, String edge,
      String cancel, String preflight) {
    public Cycles {
      changeManagement = changeManagement == null ? "R5/PT30S" : changeManagement;
      vsphere = vsphere == null ? "R5/PT30S" : vsphere;
      appliance = appliance == null ? "R30/PT20S" : appliance;
      database = database == null ? "R5/PT30S" : database;
      edge = edge == null ? "R5/PT30S" : edge;
      cancel = cancel == null ? "R10/PT2S" : cancel;
      preflight = preflight == null ? "R5/PT30S" : preflight;
    }
  }
}
