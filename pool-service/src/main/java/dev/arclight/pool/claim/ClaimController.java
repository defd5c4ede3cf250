package dev.arclight.pool.claim;

import dev.arclight.contracts.pool.ClaimVmRequest;
import dev.arclight.contracts.pool.ClaimedVm;
import dev.arclight.contracts.pool.PoolErrors;
import dev.arclight.pool.web.PoolException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code POST /claims}: 201 with the VM, now the tenant's, or 404 {@code NoWarmVm}. */
@RestController
class ClaimController {

    private final ClaimService claims;

    ClaimController(ClaimService claims) {
        this.claims = claims;
    }

    @PostMapping("/claims")
    ResponseEntity<ClaimedVm> claim(@RequestBody ClaimVmRequest request) {
        var claimed = claims.claim(request)
                .orElseThrow(() -> new PoolException(
                        HttpStatus.NOT_FOUND,
                        PoolErrors.NO_WARM_VM,
                        "no warm VM for runtime " + request.runtime() + " and " + request.memoryMib()
                                + " MiB; boot one instead"));
        return ResponseEntity.created(URI.create("/claims/" + claimed.vmId())).body(claimed);
    }
}
