// KafkaJS against a Kafka listener: node quickstart.js BROKER TOPIC STEP...
// Steps: admin (create TOPIC with 2 partitions, list topics), produce (10 messages),
// consume (read them back in group "js-group"). Each step prints one JSON line on standard output;
// KafkaJS's own logs (errors only) go to standard error. Exits non-zero on the first failure.
'use strict';
const { Kafka, logLevel } = require('kafkajs');

const [broker, topic, ...steps] = process.argv.slice(2);
const MESSAGES = 10;
const CONSUME_TIMEOUT_MS = 20000;

const kafka = new Kafka({
  clientId: 'brook-compat',
  brokers: [broker],
  logLevel: logLevel.ERROR,
  logCreator: () => ({ namespace, level, log }) =>
    process.stderr.write(`${namespace} ${log.message} ${JSON.stringify(log)}\n`),
  retry: { retries: 2 },
});

function print(result) {
  process.stdout.write(JSON.stringify(result) + '\n');
}

async function admin() {
  const client = kafka.admin();
  await client.connect();
  try {
    const created = await client.createTopics({ topics: [{ topic, numPartitions: 2 }], waitForLeaders: true });
    const topics = await client.listTopics();
    const metadata = await client.fetchTopicMetadata({ topics: [topic] });
    print({ step: 'admin', created, topics, partitions: metadata.topics[0].partitions.length });
  } finally {
    await client.disconnect();
  }
}

async function produce() {
  const producer = kafka.producer();
  await producer.connect();
  try {
    const messages = [];
    for (let i = 0; i < MESSAGES; i++) {
      messages.push({ key: `k${i}`, value: `message ${i}` });
    }
    const results = await producer.send({ topic, messages, acks: -1 });
    print({ step: 'produce', count: messages.length, results });
  } finally {
    await producer.disconnect();
  }
}

async function consume() {
  const consumer = kafka.consumer({ groupId: 'js-group' });
  await consumer.connect();
  const values = [];
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise((resolve, reject) => {
      const timer = setTimeout(resolve, CONSUME_TIMEOUT_MS);
      consumer.on(consumer.events.CRASH, (event) => { clearTimeout(timer); reject(event.payload.error); });
      consumer.run({
        eachMessage: async ({ partition, message }) => {
          values.push({ partition, offset: message.offset, value: message.value.toString() });
          if (values.length >= MESSAGES) {
            clearTimeout(timer);
            resolve();
          }
        },
      }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  print({ step: 'consume', count: values.length, values });
}

const STEPS = { admin, produce, consume };

(async () => {
  for (const step of steps) {
    if (!STEPS[step]) {
      throw new Error(`unknown step ${step}`);
    }
    await STEPS[step]();
  }
})().then(() => process.exit(0), (error) => {
  process.stderr.write(`FAILED: ${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
