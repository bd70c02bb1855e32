package dunes.build;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.springframework.stereotype.Component;

/**
 * The build's nodes and endpoints for BPMN expressions ({@code ${buildNodes.clones(execution)}}):
 * multi-instance collections and the addresses call activities are given, read from the request
 * so no list variable has to be kept.
 */
@Component("buildNodes")
public class BuildNodes {

  /** Nodes 2..N by name: the clones, in request order. */
  public List<String> clones(VariableScope execution) {
    return BuildVariables.spec(execution).cloneNames();
  }

  /** The clone before {@code cloneName} in request order, or null for the first clone. */
  public String cloneBefore(VariableScope execution, String cloneName) {
    List<String> clones = clones(execution);
    int at = clones.indexOf(cloneName);
    if (at < 0) {
      throw new IllegalArgumentException("'" + cloneName + "' is no clone of this build: " + clones);
    }
    return at == 0 ? null : clones.get(at - 1);
  }

  /** The last clone in request order: the one configured after the turns, beside node 1's power-on. */
  public String lastClone(VariableScope execution) {
    List<String> clones = clones(execution);
    return clones.get(clones.size() - 1);
  }

  /** Every node by name, in request order. */
  public List<String> all(VariableScope execution) {
    return BuildVariables.spec(execution).nodeNames();
  }

  /** Every node by name, newest first: the order in which undo removes them. */
  public List<String> newestFirst(VariableScope execution) {
    List<String> names = new ArrayList<>(BuildVariables.spec(execution).nodeNames());
    Collections.reverse(names);
    return names;
  }

  public String first(VariableScope execution) {
    return BuildVariables.spec(execution).firstNode().name();
  }

  /** Node 1's address: where it answers, and where each clone answers until VAMI moves it. */
  public String firstAddress(VariableScope execution) {
    return BuildVariables.spec(execution).firstNode().ip();
  }

  public String vcenterUrl(VariableScope execution) {
    return BuildVariables.spec(execution).vcenter().url();
  }

  /** The request's pin of the vCenter certificate, or null: then an operator confirms it. */
  public String vcenterFingerprint(VariableScope execution) {
    return BuildVariables.spec(execution).vcenter().fingerprint();
  }

  /** Node {@code nodeName}'s vCO server (8281 on a real appliance). */
  public String serverUrl(VariableScope execution, String nodeName) {
    return serverUrl(BuildVariables.spec(execution), nodeName);
  }

  public static String serverUrl(BuildSpec spec, String nodeName) {
    return "https://" + spec.node(nodeName).ip() + ":" + spec.appliance().serverPort();
  }

  /** Node {@code nodeName}'s SSH server, whose host key an operator confirms. */
  public String sshUrl(VariableScope execution, String nodeName) {
    return sshUrl(BuildVariables.spec(execution), nodeName);
  }

  public static String sshUrl(BuildSpec spec, String nodeName) {
    return "ssh://" + spec.node(nodeName).ip() + ":" + spec.appliance().sshPort();
  }

  public String ssoUrl(VariableScope execution) {
    return ssoUrl(BuildVariables.spec(execution));
  }

  public static String ssoUrl(BuildSpec spec) {
    return "https://" + spec.sso().host() + ":" + spec.sso().port();
  }

  /** The request's pin of the SSO certificate, or null: then an operator confirms it. */
  public String ssoFingerprint(VariableScope execution) {
    return BuildVariables.spec(execution).sso().fingerprint();
  }

  /** Whether the request names a reference appliance ({@code ovf.reference}) for the probe. */
  public boolean hasReference(VariableScope execution) {
    return BuildVariables.spec(execution).ovf().reference() != null;
  }

  /** The reference appliance's REST API, whose certificate an operator confirms unless pinned. */
  public String referenceUrl(VariableScope execution) {
    return BuildVariables.spec(execution).ovf().reference().url();
  }

  /** The request's pin of the reference appliance's certificate, or null: then an operator confirms it. */
  public String referenceFingerprint(VariableScope execution) {
    return BuildVariables.spec(execution).ovf().reference().fingerprint();
  }

  /** The plug-ins the request asks node 1 to install (none: the multi-instance does nothing). */
  public List<String> plugins(VariableScope execution) {
    return BuildVariables.spec(execution).appliance().plugins();
  }

  public String caUrl(VariableScope execution) {
    return BuildVariables.spec(execution).ca().url();
  }

  /** The request's pin of the CA web server's certificate, or null: then an operator confirms it. */
  public String caFingerprint(VariableScope execution) {
    return BuildVariables.spec(execution).ca().fingerprint();
  }

  /** The request's pin of the CA's root certificate, or null: then an operator confirms the root the CA presents. */
  public String caRootFingerprint(VariableScope execution) {
    return BuildVariables.spec(execution).ca().rootFingerprint();
  }

  /** The vShield Manager whose edge load-balances the cluster. */
  public String edgeUrl(VariableScope execution) {
    return BuildVariables.spec(execution).edge().managerUrl();
  }

  /** The request's pin of the vShield Manager's certificate, or null: then an operator confirms it. */
  public String edgeFingerprint(VariableScope execution) {
    return BuildVariables.spec(execution).edge().fingerprint();
  }

  /** The ports the edge balances (8281 HTTPS, 8286, 8287 TCP): the load-balancer stage's multi-instance. */
  public List<Integer> loadBalancedPorts(VariableScope execution) {
    return dunes.edge.LoadBalancedPorts.numbers(BuildVariables.spec(execution));
  }

  /**
   * The node the authoring window found RUNNING ({@code runningNode}), else node 1: where the
   * number of active nodes is set back first, because a STANDBY node's server does not answer.
   */
  public String runningOrFirst(VariableScope execution) {
    Object running = execution.getVariable("runningNode");
    return running != null ? (String) running : first(execution);
  }

  public boolean isFirst(VariableScope execution, String nodeName) {
    return first(execution).equals(nodeName);
  }

  /** What undo of the vSphere stages removes, for Cockpit. */
  public String vsphereUndoPlan(VariableScope execution) {
    BuildSpec spec = BuildVariables.spec(execution);
    return "vApp '" + spec.cluster().name() + "' and vms " + newestFirst(execution) + ", each only if tagged "
        + spec.ticket();
  }
}
