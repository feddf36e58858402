// Sarama (Debian golang-github-shopify-sarama-dev, github.com/Shopify/sarama) producer / consumer
// for the logtrace fixture recorder. Built in GOPATH mode against Debian's source package, offline.
//
// Logging is set up as Sarama's own examples do: sarama.Logger = log.New(os.Stdout, "[sarama] ", log.LstdFlags).
// The app's own lines go through Go's standard logger (stderr, LstdFlags, no prefix).
//
// Variants for the scenario recorder (the defaults are the fixture app above):
//
//	-sarama-log discard   leave sarama.Logger at the library's default (ioutil.Discard): Sarama logs nothing
//	-error-log none       never log the Errors() channel (the app still drains it)
//	-error-log wrapped    log each error in the app's own words: "order %s not delivered: %v"
//	-status-every S       log an own status line every S seconds: "status: %d orders queued"
//	-request-timeout-ms T Net.ReadTimeout and Net.WriteTimeout (10 s unless given): how long a request waits for
//	                      its answer before the broker connection is given up
//	-partitions N         the topic's partition count: with N > 1 the consumer reads partitions 0..N-1 (one
//	                      PartitionConsumer each) and the producer's ledger names each record's partition (the one
//	                      Sarama's partitioner chose, ProducerMessage.Partition; absent for a record never partitioned)
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"os"
	"os/signal"
	"sort"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/Shopify/sarama"
)

func iso(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

type record struct {
	ID        int    `json:"id"`
	SentAt    string `json:"sent_at"`
	Outcome   string `json:"outcome"`
	At        string `json:"at,omitempty"`
	Offset    *int64 `json:"offset,omitempty"`
	Error     string `json:"error,omitempty"`
	ErrorType string `json:"error_type,omitempty"`
	Partition *int32 `json:"partition,omitempty"`
}

type consumed struct {
	Value     string `json:"value"`
	Offset    int64  `json:"offset"`
	At        string `json:"at"`
	Partition *int32 `json:"partition,omitempty"`
}

type assignment struct {
	At         string   `json:"at"`
	Partitions []string `json:"partitions"`
}

var (
	bootstrap   = flag.String("bootstrap", "", "")
	topic       = flag.String("topic", "", "")
	clientID    = flag.String("client-id", "", "")
	duration    = flag.Float64("duration", 60, "")
	interval    = flag.Float64("interval", 0.1, "")
	flushWait   = flag.Float64("flush-timeout", 15, "")
	result      = flag.String("result", "", "")
	saramaLog   = flag.String("sarama-log", "stdout", "stdout (as Sarama's examples) or discard (the library default)")
	errorLog    = flag.String("error-log", "default", "default, wrapped or none: how the app logs its Errors() channel")
	statusEvery = flag.Float64("status-every", 0, "seconds between the app's own status lines (0: none)")
	summary     = flag.Bool("summary", true, "log the final Done line with the outcome counts")
	requestMs   = flag.Int("request-timeout-ms", 10000, "Net.ReadTimeout and Net.WriteTimeout in ms")
	partitions  = flag.Int("partitions", 1, "the topic's partitions (the consumer reads all; > 1: the ledger names each record's)")
)

func config() *sarama.Config {
	c := sarama.NewConfig()
	c.ClientID = *clientID
	c.Version = sarama.V1_0_0_0
	c.Net.DialTimeout = 5 * time.Second
	c.Net.ReadTimeout = time.Duration(*requestMs) * time.Millisecond
	c.Net.WriteTimeout = time.Duration(*requestMs) * time.Millisecond
	return c
}

func writeJSON(v interface{}) {
	data, _ := json.MarshalIndent(v, "", " ")
	if err := os.WriteFile(*result, data, 0o644); err != nil {
		log.Fatalf("cannot write result: %v", err)
	}
}

func value(seq int) string { return fmt.Sprintf("%s/order-%05d", *clientID, seq) }

// partitionOf: the partition Sarama's partitioner chose for m, kept only on a topic of several partitions (a
// one-partition run writes the ledger it always wrote) and only once the partitioner ran (it starts at -1 here).
func partitionOf(m *sarama.ProducerMessage) *int32 {
	if *partitions <= 1 || m.Partition < 0 {
		return nil
	}
	p := m.Partition
	return &p
}

func producer(stop chan os.Signal) {
	cfg := config()
	cfg.Producer.Return.Successes = true
	cfg.Producer.Return.Errors = true
	cfg.Producer.Timeout = 10 * time.Second
	p, err := sarama.NewAsyncProducer(strings.Split(*bootstrap, ","), cfg)
	if err != nil {
		log.Fatalf("Failed to start producer: %v", err)
	}
	var mu sync.Mutex
	records := map[int]*record{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() {
		defer wg.Done()
		for m := range p.Successes() {
			seq := m.Metadata.(int)
			off := m.Offset
			mu.Lock()
			r := records[seq]
			r.Outcome, r.At, r.Offset = "confirmed", iso(time.Now()), &off
			r.Partition = partitionOf(m)
			mu.Unlock()
		}
	}()
	go func() {
		defer wg.Done()
		for e := range p.Errors() {
			seq := e.Msg.Metadata.(int)
			mu.Lock()
			r := records[seq]
			r.Outcome, r.At, r.Error, r.ErrorType = "failed", iso(time.Now()), e.Error(), fmt.Sprintf("%T", e.Err)
			r.Partition = partitionOf(e.Msg)
			mu.Unlock()
			switch *errorLog {
			case "none":
			case "wrapped":
				log.Printf("order %05d not delivered: %v", seq, e.Err)
			default:
				log.Printf("Failed to produce message: %v", e)
			}
		}
	}()
	log.Printf("Producing to %s every %v", *topic, time.Duration(*interval*float64(time.Second)))
	start := time.Now()
	deadline := start.Add(time.Duration(*duration * float64(time.Second)))
	seq := 0
	lastStatus := start
loop:
	for time.Now().Before(deadline) {
		seq++
		mu.Lock()
		records[seq] = &record{ID: seq, SentAt: iso(time.Now()), Outcome: "pending"}
		mu.Unlock()
		select {
		case p.Input() <- &sarama.ProducerMessage{Topic: *topic, Value: sarama.StringEncoder(value(seq)), Metadata: seq, Partition: -1}:
		case <-stop:
			break loop
		case <-time.After(5 * time.Second):
			mu.Lock()
			records[seq].Outcome, records[seq].At = "failed", iso(time.Now())
			records[seq].Error = "not accepted by the producer's input channel within 5 s"
			mu.Unlock()
		}
		if *statusEvery > 0 && time.Since(lastStatus) >= time.Duration(*statusEvery*float64(time.Second)) {
			lastStatus = time.Now()
			log.Printf("status: %d orders queued", seq)
		}
		next := start.Add(time.Duration(float64(seq) * *interval * float64(time.Second)))
		select {
		case <-time.After(time.Until(next)):
		case <-stop:
			break loop
		}
	}
	// Close waits for in-flight messages; bound it.
	closed := make(chan error, 1)
	go func() { closed <- p.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			log.Printf("Error closing producer: %v", err)
		}
		wg.Wait()
	case <-time.After(time.Duration(*flushWait * float64(time.Second))):
		log.Printf("Producer did not close within %v", time.Duration(*flushWait*float64(time.Second)))
	}
	mu.Lock()
	defer mu.Unlock()
	out := make([]*record, 0, len(records))
	counts := map[string]int{}
	for _, r := range records {
		out = append(out, r)
		counts[r.Outcome]++
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	if *summary {
		log.Printf("Done: sent=%d confirmed=%d failed=%d pending=%d", len(out), counts["confirmed"], counts["failed"], counts["pending"])
	}
	writeJSON(map[string]interface{}{
		"library": "sarama", "version": "1.22.1 (Debian golang-github-shopify-sarama-dev)",
		"config": map[string]interface{}{"client_id": *clientID, "version": cfg.Version.String(),
			"producer.timeout": cfg.Producer.Timeout.String(), "producer.retry.max": cfg.Producer.Retry.Max,
			"producer.retry.backoff": cfg.Producer.Retry.Backoff.String(), "net.read_timeout": cfg.Net.ReadTimeout.String(),
			"net.write_timeout": cfg.Net.WriteTimeout.String()},
		"records": out,
	})
}

type consumerState struct {
	mu          sync.Mutex
	consumed    []consumed
	assignments []assignment
}

// consumer reads partitions 0..-partitions-1 (one PartitionConsumer each, as Sarama's examples consume a partition)
// from the oldest offset with a plain partition consumer, in no group:
// Sarama 1.22.1's ConsumerGroup cannot join a Tansu 0.6.0 group (Tansu answers the first JoinGroup with
// MEMBER_ID_REQUIRED, error 79, which 1.22.1 reports as "Unknown error, how did this happen? Error code = 79"),
// and Tansu refuses offset commits from outside a generation ("The provided member is not known in the
// current generation"), so an OffsetManager would only add lines that have nothing to do with an outage.
func consumer(stop chan os.Signal) {
	cfg := config()
	cfg.Consumer.Return.Errors = true
	cfg.Consumer.Offsets.Initial = sarama.OffsetOldest
	client, err := sarama.NewClient(strings.Split(*bootstrap, ","), cfg)
	if err != nil {
		log.Fatalf("Failed to start client: %v", err)
	}
	c, err := sarama.NewConsumerFromClient(client)
	if err != nil {
		log.Fatalf("Failed to start consumer: %v", err)
	}
	var pcs []sarama.PartitionConsumer
	var parts []string
	messages := make(chan *sarama.ConsumerMessage)
	for p := 0; p < *partitions; p++ {
		pc, err := c.ConsumePartition(*topic, int32(p), sarama.OffsetOldest)
		if err != nil {
			log.Fatalf("Failed to consume %s-%d: %v", *topic, p, err)
		}
		pcs = append(pcs, pc)
		parts = append(parts, fmt.Sprintf("%s-%d", *topic, p))
		go func() {
			for err := range pc.Errors() {
				log.Printf("Consumer error: %v", err)
			}
		}()
		go func() {
			for m := range pc.Messages() {
				messages <- m
			}
		}()
	}
	h := &consumerState{}
	h.assignments = append(h.assignments, assignment{At: iso(time.Now()), Partitions: parts})
	log.Printf("Partitions assigned (manual assignment, no group): %v", parts)
	deadline := time.After(time.Duration(*duration * float64(time.Second)))
	tick := time.NewTicker(5 * time.Second)
	defer tick.Stop()
loop:
	for {
		select {
		case m := <-messages:
			got := consumed{Value: string(m.Value), Offset: m.Offset, At: iso(time.Now())}
			if *partitions > 1 {
				p := m.Partition
				got.Partition = &p
			}
			h.consumed = append(h.consumed, got)
		case <-tick.C:
			log.Printf("Consumed %d messages so far", len(h.consumed))
		case <-stop:
			break loop
		case <-deadline:
			break loop
		}
	}
	log.Printf("Consumed %d messages, closing", len(h.consumed))
	writeJSON(map[string]interface{}{
		"library": "sarama", "version": "1.22.1 (Debian golang-github-shopify-sarama-dev)",
		"config": map[string]interface{}{"client_id": *clientID, "version": cfg.Version.String(),
			"mode": map[bool]string{true: "ConsumePartition from the oldest offset, no consumer group",
				false: fmt.Sprintf("ConsumePartition of each of %d partitions from the oldest offset, no consumer group", *partitions)}[*partitions <= 1]},
		"assignments": h.assignments, "consumed": h.consumed,
	})
	closed := make(chan struct{})
	go func() {
		for _, pc := range pcs {
			pc.Close()
		}
		c.Close()
		client.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		log.Printf("Consumer did not close within 5s")
	}
}

func main() {
	if len(os.Args) < 2 {
		log.Fatal("usage: sarama-app producer|consumer [flags]")
	}
	role := os.Args[1]
	flag.CommandLine.Parse(os.Args[2:])
	if *saramaLog == "stdout" {
		sarama.Logger = log.New(os.Stdout, "[sarama] ", log.LstdFlags)
	}
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, os.Interrupt)
	switch role {
	case "producer":
		producer(stop)
	case "consumer":
		consumer(stop)
	default:
		log.Fatal("usage: sarama-app producer|consumer [flags]")
	}
}
