package dev.arclight.placement.registry.concurrency;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.registry.concurrency.ConcurrencyApi.ProvisionedConcurrencyConfigResponse;
import dev.arclight.placement.registry.concurrency.ConcurrencyApi.PutProvisionedConcurrencyConfigRequest;
import dev.arclight.placement.registry.concurrency.ConcurrencyApi.ReservedConcurrency;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Lambda's concurrency operations. Their paths carry the API versions that introduced them:
 * reserved concurrency is set under 2017-10-31 but read under 2019-09-30, as in Lambda's model.
 */
@RestController
class ConcurrencyController {

    private final ConcurrencyService concurrency;

    ConcurrencyController(ConcurrencyService concurrency) {
        this.concurrency = concurrency;
    }

    @PutMapping("/2017-10-31/functions/{functionName}/concurrency")
    ReservedConcurrency putFunctionConcurrency(
            Caller caller, @PathVariable String functionName, @RequestBody ReservedConcurrency request) {
        return new ReservedConcurrency(
                concurrency.putReserved(caller, functionName, request.reservedConcurrentExecutions()));
    }

    @GetMapping("/2019-09-30/functions/{functionName}/concurrency")
    ReservedConcurrency getFunctionConcurrency(Caller caller, @PathVariable String functionName) {
        return new ReservedConcurrency(concurrency.getReserved(caller, functionName));
    }

    @DeleteMapping("/2017-10-31/functions/{functionName}/concurrency")
    ResponseEntity<Void> deleteFunctionConcurrency(Caller caller, @PathVariable String functionName) {
        concurrency.deleteReserved(caller, functionName);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/2019-09-30/functions/{functionName}/provisioned-concurrency")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ProvisionedConcurrencyConfigResponse putProvisionedConcurrencyConfig(
            Caller caller,
            @PathVariable String functionName,
            @RequestParam(name = "Qualifier") String qualifier,
            @RequestBody PutProvisionedConcurrencyConfigRequest request) {
        return concurrency.putProvisioned(caller, functionName, qualifier, request.provisionedConcurrentExecutions());
    }

    @GetMapping("/2019-09-30/functions/{functionName}/provisioned-concurrency")
    ProvisionedConcurrencyConfigResponse getProvisionedConcurrencyConfig(
            Caller caller, @PathVariable String functionName, @RequestParam(name = "Qualifier") String qualifier) {
        return concurrency.getProvisioned(caller, functionName, qualifier);
    }

    @DeleteMapping("/2019-09-30/functions/{functionName}/provisioned-concurrency")
    ResponseEntity<Void> deleteProvisionedConcurrencyConfig(
            Caller caller, @PathVariable String functionName, @RequestParam(name = "Qualifier") String qualifier) {
        concurrency.deleteProvisioned(caller, functionName, qualifier);
        return ResponseEntity.noContent().build();
    }
}
