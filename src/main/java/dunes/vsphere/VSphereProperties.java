package dunes.vsphere;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code dunes.vsphere.*}: how long each kind of vCenter operation may take.
 *
 * @param connectTimeout TCP and TLS connect of one SOAP call
 * @param readTimeout waiting for one SOAP answer (a task-starting call answers at once)
 * @param leaseWait an OVF import's HttpNfcLease leaving "initializing" (vCenter prepares the disks)
 * @param uploadTimeout one disk upload through the lease
 * @param uploadHeartbeat how often an upload running off the job thread renews its marker; a marker
 *     silent for four of these is an upload nobody carries on (its JVM died), removed and made again
 */
@ConfigurationProperties("dunes.vsphere")
public record VSphereProperties(Duration connectTimeout, Duration readTimeout, Duration leaseWait, Duration uploadTimeout,
    Duration uploadHeartbeat) {

  public VSphereProperties(Duration connectTimeout, Duration readTimeout, Duration leaseWait, Duration uploadTimeout) {
    this(connectTimeout, readTimeout, leaseWait, uploadTimeout, null);
  }

  @ConstructorBinding
  public VSphereProperties {
    uploadHeartbeat = uploadHeartbeat == null ? Duration.ofSeconds(15) : uploadHeartbeat;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(10) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(60) : readTimeout;
    leaseWait = leaseWait == null ? Duration.ofMinutes(5) : leaseWait;
    uploadTimeout = uploadTimeout == null ? Duration.ofMinutes(30) : uploadTimeout;
  }

  public static VSphereProperties defaults() {
    return new VSphereProperties(null, null, null, null, null);
  }
}
