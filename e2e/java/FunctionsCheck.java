// Writes through cqlmirror with the Java driver 4.x rows that call now(), uuid(),
// currentTimestamp(), currentDate() and currentTime(): k=30 in a simple statement, k=31 in a
// prepared one. The Go e2e test compares them on each cluster.
// Usage: java FunctionsCheck HOST PORT LOCAL_DC KEYSPACE
import com.datastax.oss.driver.api.core.CqlSession;
import java.net.InetSocketAddress;

public class FunctionsCheck {
  public static void main(String[] args) {
    String host = args[0], dc = args[2], ks = args[3];
    int port = Integer.parseInt(args[1]);
    String cols = " (k, id, u, at, d, tm) VALUES (";
    String calls = ", now(), uuid(), currentTimestamp(), currentDate(), currentTime())";
    try (CqlSession session = CqlSession.builder()
        .addContactPoint(new InetSocketAddress(host, port))
        .withLocalDatacenter(dc)
        .build()) {
      session.execute("INSERT INTO " + ks + ".ev" + cols + "30" + calls);
      session.execute(session.prepare("INSERT INTO " + ks + ".ev" + cols + "?" + calls).bind(31));
    }
  }
}
