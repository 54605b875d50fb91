/** Chart kinds only the analytics screens use, registered with the shared ECharts core. */
import { use } from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { MarkLineComponent, VisualMapComponent } from 'echarts/components';

use([HeatmapChart, VisualMapComponent, MarkLineComponent]);
