package dunes.lab.node;

import java.util.List;
import java.util.Optional;

/**
 * The Configuration plug-in workflows a node knows, by id (PROTOCOLS.md 1c: ids from the vCO
 * 5.5.1 documentation). "Configure cluster" is the lab's own: vCO 5.5 has no documented API for
 * the Server Availability settings, so its id and inputs are *unverified* placeholders that mirror
 * the configurator's fields.
 */
final class ConfigurationWorkflows {

  record Workflow(String id, String name) {}

  static final Workflow CONFIGURE_SSO = new Workflow("9ff67fbc-411c-47c7-af80-c81b1215b516", "Configure SSO");
  static final Workflow SQL_SERVER = new Workflow("9643be91-35fc-49a9-819b-56e3bffc7705", "Microsoft SQL Server");
  static final Workflow NETWORK = new Workflow("440c9173-0866-4819-b4c9-f5e15004fd4c", "Configure network settings");
  static final Workflow DELETE_TRUSTED = new Workflow("8a70a326-ffd7-4fef-97e0-2002ac49f5bd", "Delete trusted certificate");
  /** *unverified*: the lab's stand-in for the configurator's Server Availability page */
  static final Workflow CONFIGURE_CLUSTER = new Workflow("dunes-lab-configure-cluster", "Configure cluster");

  static final List<Workflow> ALL = List.of(CONFIGURE_SSO, SQL_SERVER, NETWORK, DELETE_TRUSTED, CONFIGURE_CLUSTER);

  private ConfigurationWorkflows() {}

  static Optional<Workflow> byId(String id) {
    return ALL.stream().filter(w -> w.id().equals(id)).findFirst();
  }

  static List<Workflow> byName(String name) {
    return ALL.stream().filter(w -> w.name().equals(name)).toList();
  }
}
