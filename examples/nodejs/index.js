// A Node.js function for Arclight: greets whoever the event names, and says where it ran.
const os = require("node:os");

exports.handler = async (event, context) => {
  const name = (event && event.name) || "world";
  console.log(`greeting ${name}`); // goes to the log tail (X-Amz-Log-Result with --log-type Tail)
  return {
    greeting: `Hello, ${name}!`,
    runtime: `node ${process.version}`,
    kernel: os.release(),
    requestId: context.awsRequestId,
  };
};
