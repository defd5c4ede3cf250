package dev.arclight.placement.registry.function;

import dev.arclight.placement.lambda.Caller;
import dev.arclight.placement.registry.function.FunctionApi.CreateFunctionRequest;
import dev.arclight.placement.registry.function.FunctionApi.FunctionConfiguration;
import dev.arclight.placement.registry.function.FunctionApi.GetFunctionResponse;
import dev.arclight.placement.registry.function.FunctionApi.ListFunctionsResponse;
import dev.arclight.placement.registry.function.FunctionApi.ListVersionsByFunctionResponse;
import dev.arclight.placement.registry.function.FunctionApi.PublishVersionRequest;
import dev.arclight.placement.registry.function.FunctionApi.UpdateFunctionCodeRequest;
import dev.arclight.placement.registry.function.FunctionApi.UpdateFunctionConfigurationRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Lambda's function and version operations (API version 2015-03-31). */
@RestController
@RequestMapping("/2015-03-31/functions")
class FunctionController {

    private final FunctionCommands commands;
    private final FunctionQueries queries;

    FunctionController(FunctionCommands commands, FunctionQueries queries) {
        this.commands = commands;
        this.queries = queries;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    FunctionConfiguration createFunction(Caller caller, @RequestBody CreateFunctionRequest request) {
        return commands.create(caller, request);
    }

    @GetMapping
    ListFunctionsResponse listFunctions(
            Caller caller,
            @RequestParam(name = "FunctionVersion", required = false) String functionVersion,
            @RequestParam(name = "Marker", required = false) String marker,
            @RequestParam(name = "MaxItems", required = false) Integer maxItems) {
        return queries.list(caller, functionVersion, marker, maxItems);
    }

    @GetMapping("/{functionName}")
    GetFunctionResponse getFunction(
            Caller caller,
            @PathVariable String functionName,
            @RequestParam(name = "Qualifier", required = false) String qualifier) {
        return queries.get(caller, functionName, qualifier);
    }

    @DeleteMapping("/{functionName}")
    ResponseEntity<Void> deleteFunction(
            Caller caller,
            @PathVariable String functionName,
            @RequestParam(name = "Qualifier", required = false) String qualifier) {
        commands.delete(caller, functionName, qualifier);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{functionName}/configuration")
    FunctionConfiguration getFunctionConfiguration(
            Caller caller,
            @PathVariable String functionName,
            @RequestParam(name = "Qualifier", required = false) String qualifier) {
        return queries.configuration(caller, functionName, qualifier);
    }

    @PutMapping("/{functionName}/configuration")
    FunctionConfiguration updateFunctionConfiguration(
            Caller caller, @PathVariable String functionName, @RequestBody UpdateFunctionConfigurationRequest request) {
        return commands.updateConfiguration(caller, functionName, request);
    }

    @PutMapping("/{functionName}/code")
    FunctionConfiguration updateFunctionCode(
            Caller caller, @PathVariable String functionName, @RequestBody UpdateFunctionCodeRequest request) {
        return commands.updateCode(caller, functionName, request);
    }

    /** Serves the code location that GetFunction hands out (the gateway forwards it here). */
    @GetMapping(path = "/{functionName}/code", produces = "application/zip")
    ResponseEntity<byte[]> downloadCode(
            Caller caller,
            @PathVariable String functionName,
            @RequestParam(name = "Qualifier", required = false) String qualifier) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .body(queries.zip(caller, functionName, qualifier));
    }

    @PostMapping("/{functionName}/versions")
    @ResponseStatus(HttpStatus.CREATED)
    FunctionConfiguration publishVersion(
            Caller caller,
            @PathVariable String functionName,
            @RequestBody(required = false) PublishVersionRequest request) {
        return commands.publishVersion(caller, functionName, request);
    }

    @GetMapping("/{functionName}/versions")
    ListVersionsByFunctionResponse listVersionsByFunction(
            Caller caller,
            @PathVariable String functionName,
            @RequestParam(name = "Marker", required = false) String marker,
            @RequestParam(name = "MaxItems", required = false) Integer maxItems) {
        return queries.listVersions(caller, functionName, marker, maxItems);
    }
}
