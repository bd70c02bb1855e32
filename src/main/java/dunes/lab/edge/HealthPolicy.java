package dunes.lab.edge;

import java.time.Duration;

/**
 * How a listener checks its members: mode TCP (connect), SSL (connect and see the member answer a
 * TLS handshake with a certificate) or HTTP (treated as TCP by the lab); {@code rise} good checks
 * bring a member back, {@code fall} bad ones take it out.
 */
record HealthPolicy(String mode, int rise, int fall, Duration interval, Duration timeout) {}
