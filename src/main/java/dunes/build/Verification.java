package dunes.build;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the build saw through the virtual IP at its end: the certificate presented by the virtual
 * name, {@code /vco}'s answer, the forwarded TCP ports, and each node's vco-server state. Kept in
 * the build's history (variable {@code verification}) and sent with the completion report.
 */
public record Verification(
    String chainSubject,
    String fingerprint,
    List<String> subjectAlternativeNames,
    int vcoStatus,
    Map<Integer, Boolean> forwardedPorts,
    Map<String, String> nodeStates,
    Instant verifiedAt) {}
